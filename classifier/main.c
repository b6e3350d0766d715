/*
 * main.c - the themetag command line: a client of themetag.h only.
 *   themetag [options] [FILE...]     classify
 *   themetag explain "SENTENCE"...   why each theme was (not) given
 *   themetag lint                    check rules, lexicons and the inline examples
 * Exit status: 0 success, 1 some input could not be processed (lint: an example fails),
 * 2 usage or rule-file errors.
 */
#define _POSIX_C_SOURCE 200809L
#include "themetag.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef THEMETAG_SHARE
#define THEMETAG_SHARE "/usr/local/share/themetag"
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: themetag [options] [FILE...]      classify FILEs (or standard input)\n"
    "       themetag explain [options] [SENTENCE...]   why each theme was or was not given\n"
    "                                          (no SENTENCE: one sentence a line from stdin)\n"
    "       themetag lint [options]           check rules, lexicons and inline examples\n"
    "       themetag eval [options]           precision, recall and F1 against the gold set\n"
    "\n"
    "  --rules DIR                a folder holding rules/ and lexicons/ (default: $THEMETAG_RULES,\n"
    "                             else the repository of this build, else " THEMETAG_SHARE ")\n"
    "  --input text|lines|jsonl   text: each FILE is one document (default);\n"
    "                             lines: every line is one sentence, already segmented;\n"
    "                             jsonl: one {\"id\": ..., \"text\": ...} object a line\n"
    "  --format text|tsv|jsonl|html  text for people (default on a terminal), tsv otherwise;\n"
    "                             html: a page with each label's evidence highlighted\n"
    "  --explain                  after each sentence, why it got (or missed) each theme\n"
    "  -j N                       N worker threads (output stays in input order)\n"
    "  --lenient                  replace invalid UTF-8 by U+FFFD (with a warning)\n"
    "                             instead of rejecting the document\n"
    "  --summary                  at the end, on standard error: documents, sentences, words,\n"
    "                             bytes, seconds and throughput\n"
    "  --changes FILE             only what moved since FILE, the --format tsv output of a run\n"
    "                             before: each sentence whose labels moved (+ gained, with the\n"
    "                             rules; - lost, with the rule that came nearest), then per theme\n"
    "                             how many (on standard error with tsv or jsonl); --theme T: only\n"
    "                             theme T's moves\n"
    "  --stats                    instead of the sentences, what the rules did: sentences per\n"
    "                             theme; per rule those it labels, those no other rule of its\n"
    "                             theme labels and those its unless vetoed; per lexicon entry;\n"
    "                             rules of different themes on the same sentences (--theme T:\n"
    "                             theme T's rules only)\n"
    "  --rule NAME                only the sentences rule NAME labels\n"
    "eval options:\n"
    "  --gold PATH                a gold file or folder (default: corpus/gold of the rule set's\n"
    "                             repository, with its dev/ and test/ parts)\n"
    "  --corpus-root DIR          where gold documents not in corpus/ are (default:\n"
    "                             $THEMETAG_CORPUS_ROOT, else ../shared/ungdc beside the repository)\n"
    "  --errors                   list false positives (rule and span) and negatives (nearest rule)\n"
    "  --theme T                  report theme T only\n"
    "  --stats                    per rule and lexicon entry: fires, TP/FP, F1 without it; overlaps\n"
    "  --keywords                 the keyword baseline: any term of a theme's rules gives the theme\n"
    "  --format text|tsv|json     the figures for people or programs\n"
    "  --baseline FILE            exit 3 when a figure falls more than 0.005 below FILE's\n"
    "  --write-baseline FILE      write the figures to FILE\n"
    "  --agreement FILE           a second labelling of gold sentences (doc start end labels):\n"
    "                             Cohen's kappa per theme against the gold labels\n"
    "  --save-labels FILE         save the labels every gold sentence got now\n"
    "  --changes FILE             against labels saved before: every sentence whose labels moved\n"
    "                             (+TP -TP +FP -FP, with the rule) and each theme's F1 before and now\n"
    "\n"
    "  -h, --help                 this help\n"
    "  --version                  the version\n"
    "\n"
    "Exit status: 0 success; 1 some input could not be processed (lint: an example fails);\n"
    "2 usage or rule-file errors; 3 eval --baseline found a regression.\n"
    "Environment: THEMETAG_RULES (rule set folder), THEMETAG_DICT_DIR (hunspell en_US/en_GB).\n";

static _Atomic unsigned warnings_seen; /* diagnostics may come from worker threads */

static void print_diag(const tt_diag *d, void *ud)
{
    (void)ud;
    const char *sev = d->severity == TT_ERROR ? "error" : d->severity == TT_WARNING ? "warning"
                                                                                  : "note";
    if (d->severity == TT_WARNING)
        warnings_seen++;
    if (d->col > 0) {
        /* a rule file: compiler style, with the source line and a caret */
        fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file ? d->file : "-", d->line, d->col, sev,
                d->message);
        if (d->source) {
            fprintf(stderr, "  %s\n  ", d->source);
            for (unsigned i = 1; i < d->col && d->source[i - 1]; i++)
                fputc(d->source[i - 1] == '\t' ? '\t' : ' ', stderr);
            fputs("^\n", stderr);
        }
        return;
    }
    fprintf(stderr, "themetag: ");
    if (d->file) {
        if (d->line)
            fprintf(stderr, "%s:%u: ", d->file, d->line);
        else
            fprintf(stderr, "%s: ", d->file);
    }
    if (d->severity != TT_ERROR)
        fprintf(stderr, "%s: ", sev);
    fprintf(stderr, "%s\n", d->message);
}

static int write_stdout(const char *bytes, size_t len, void *ud)
{
    (void)ud;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static int write_stderr(const char *bytes, size_t len, void *ud)
{
    (void)ud;
    return fwrite(bytes, 1, len, stderr) == len ? 0 : -1;
}

typedef struct outbuf {
    char *data;
    size_t len, cap;
} outbuf;

static int write_buf(const char *bytes, size_t len, void *ud)
{
    outbuf *b = ud;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            fprintf(stderr, "themetag: out of memory\n");
            abort();
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
    return 0;
}

static void die_output(void)
{
    fprintf(stderr, "themetag: cannot write output: %s\n", strerror(errno));
    exit(EXIT_INPUT);
}

/* ---- rule set location */

static bool is_rule_dir(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/rules/themetag.rules", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* --rules, else $THEMETAG_RULES, else the repository this binary was built in (it lives in
 * build/ or build/asan/), else the installed share folder. */
static const char *find_rules(const char *opt)
{
    static char found[PATH_MAX];
    if (opt)
        return opt;
    const char *env = getenv("THEMETAG_RULES");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", found, sizeof found - 1);
    if (n > 0) {
        found[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(found, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (is_rule_dir(found)) {
                /* shown in messages: relative to the working folder when inside it */
                static char cwd[PATH_MAX];
                if (getcwd(cwd, sizeof cwd)) {
                    size_t cl = strlen(cwd);
                    if (strcmp(found, cwd) == 0)
                        return ".";
                    if (strncmp(found, cwd, cl) == 0 && found[cl] == '/')
                        return found + cl + 1;
                }
                return found;
            }
        }
    }
    if (is_rule_dir(THEMETAG_SHARE))
        return THEMETAG_SHARE;
    return NULL;
}

static tt_engine *load_engine(const char *rules_opt, unsigned flags)
{
    const char *dir = find_rules(rules_opt);
    if (!dir) {
        fprintf(stderr, "themetag: no rule set found: pass --rules DIR (a folder with "
                        "rules/themetag.rules) or set THEMETAG_RULES\n");
        exit(EXIT_USAGE);
    }
    if (!is_rule_dir(dir)) {
        fprintf(stderr, "themetag: %s: not a rule set (no rules/themetag.rules in it)\n", dir);
        exit(EXIT_USAGE);
    }
    tt_engine_config cfg = {0};
    cfg.rules_dir = dir;
    cfg.flags = flags;
    cfg.diag = print_diag;
    tt_engine *engine;
    tt_status st = tt_engine_new(&cfg, &engine);
    if (st == TT_ERR_RULES)
        fprintf(stderr, "themetag: the rule set in %s has errors\n", dir);
    if (st != TT_OK)
        exit(EXIT_USAGE);
    return engine;
}

static tt_scanner *new_scanner(const tt_engine *e)
{
    tt_scanner *s = tt_scanner_new(e);
    if (!s) {
        fprintf(stderr, "themetag: cannot create the Snowball English stemmer\n");
        exit(EXIT_USAGE);
    }
    return s;
}

/* ---- classification, one thread or several */

typedef struct job {
    char *id;
    char *text;
    tt_doc doc;
    int first; /* --changes: the document's first occurrence in the input */
    outbuf out;
    int done;
} job;

typedef struct run {
    const tt_engine *engine;
    tt_scanner *scanner; /* the main thread's */
    tt_input_mode input;
    tt_format format;
    unsigned flags;
    bool explain;
    int failed;
    /* workers */
    int threads;
    pthread_t *tids;
    pthread_mutex_t lock;
    pthread_cond_t more, finished;
    job *ring;
    size_t ring_n;
    unsigned long long next_in, next_out, next_work;
    bool closing;
    int workers; /* threads that started */
    bool summary;
    unsigned long long docs, bytes, sentences, tokens;
    tt_compare *compare; /* --changes: only the sentences whose labels moved since a run before */
    tt_profile *profile; /* --stats: tables at the end instead of the sentences */
    long rule;           /* --rule: only the sentences this rule labels, or -1 */
} run;

/* Classifies one document and writes its sentences to sink. */
static void classify_doc(run *r, tt_scanner *sc, const tt_doc *doc, int first, tt_sink_fn sink, void *ud)
{
    const tt_sentence *sents;
    size_t n;
    int mode = r->input == TT_INPUT_LINES ? TT_ONE_SENTENCE : TT_SEGMENT;
    tt_scanner_classify(sc, doc->text, doc->len, mode, &sents, &n);
    if (r->profile) {
        tt_profile_add(r->profile, doc, sents, n); /* a blank line counts as a line too */
        return;
    }
    if (r->input == TT_INPUT_LINES && n == 0)
        return;
    unsigned long number = r->input == TT_INPUT_LINES ? doc->line : 1;
    if (r->compare) {
        if (tt_compare_write(r->compare, sc, r->format, doc, first, sents, n, number, sink, ud))
            die_output();
        return;
    }
    if (r->rule >= 0) {
        unsigned char *keep = calloc(n ? n : 1, 1);
        if (!keep) {
            fprintf(stderr, "themetag: out of memory\n");
            abort();
        }
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < sents[i].nevidence && !keep[i]; k++)
                keep[i] = sents[i].evidence[k].rule == (size_t)r->rule;
        int rc = tt_write_selected(r->engine, r->format, doc, sents, n, number, keep, sink, ud);
        free(keep);
        if (rc)
            die_output();
        return;
    }
    if (!r->explain) {
        if (tt_write_sentences(r->engine, r->format, doc, sents, n, number, sink, ud))
            die_output();
        return;
    }
    /* --explain: each sentence with its explanation (sentences copied: explain reuses arrays) */
    tt_span *spans = malloc((n ? n : 1) * sizeof *spans);
    for (size_t i = 0; i < n; i++)
        spans[i] = (tt_span){sents[i].start, sents[i].end};
    for (size_t i = 0; i < n; i++) {
        char head[512];
        int hn = snprintf(head, sizeof head, "== %s:%lu\n", doc->id, number + i);
        if (sink(head, (size_t)(hn < (int)sizeof head ? hn : (int)sizeof head - 1), ud))
            die_output();
        tt_scanner_explain(sc, doc->text, spans[i].start, spans[i].end, sink, ud);
        if (sink("\n", 1, ud))
            die_output();
    }
    free(spans);
}

static void *worker(void *arg)
{
    run *r = arg;
    tt_scanner *sc = new_scanner(r->engine);
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (r->next_work == r->next_in && !r->closing)
            pthread_cond_wait(&r->more, &r->lock);
        if (r->next_work == r->next_in && r->closing)
            break;
        job *j = &r->ring[r->next_work % r->ring_n];
        r->next_work++;
        pthread_mutex_unlock(&r->lock);
        classify_doc(r, sc, &j->doc, j->first, write_buf, &j->out);
        pthread_mutex_lock(&r->lock);
        j->done = 1;
        pthread_cond_broadcast(&r->finished);
    }
    unsigned long long ns, nt;
    tt_scanner_counts(sc, &ns, &nt);
    r->sentences += ns;
    r->tokens += nt;
    pthread_mutex_unlock(&r->lock);
    if (r->profile)
        tt_profile_add_vetoes(r->profile, sc);
    tt_scanner_free(sc);
    return NULL;
}

/* Writes finished jobs in input order; with wait, until the oldest is written. */
static void drain(run *r, bool all)
{
    pthread_mutex_lock(&r->lock);
    while (r->next_out < r->next_in) {
        job *j = &r->ring[r->next_out % r->ring_n];
        if (!j->done) {
            if (!all && r->next_in - r->next_out < r->ring_n)
                break;
            pthread_cond_wait(&r->finished, &r->lock);
            continue;
        }
        pthread_mutex_unlock(&r->lock);
        if (j->out.len && fwrite(j->out.data, 1, j->out.len, stdout) != j->out.len)
            die_output();
        free(j->out.data);
        free(j->id);
        free(j->text);
        memset(j, 0, sizeof *j);
        pthread_mutex_lock(&r->lock);
        r->next_out++;
    }
    pthread_mutex_unlock(&r->lock);
}

static void submit(run *r, const tt_doc *doc, int first)
{
    drain(r, false); /* makes room in the ring */
    job *j = &r->ring[r->next_in % r->ring_n];
    j->id = strdup(doc->id ? doc->id : "-");
    j->text = malloc(doc->len + 1);
    if (!j->id || !j->text) {
        fprintf(stderr, "themetag: out of memory\n");
        abort();
    }
    memcpy(j->text, doc->text, doc->len);
    j->text[doc->len] = '\0';
    j->doc = *doc;
    j->doc.id = j->id;
    j->first = first;
    j->doc.text = j->text;
    pthread_mutex_lock(&r->lock);
    r->next_in++;
    pthread_cond_signal(&r->more);
    pthread_mutex_unlock(&r->lock);
}

/* Starts the workers; with fewer than asked for (a thread limit), goes on with those that
 * started, and with none, back to one thread. */
static void start_workers(run *r)
{
    r->ring_n = (size_t)r->threads * 4;
    r->ring = calloc(r->ring_n, sizeof *r->ring);
    r->tids = calloc((size_t)r->threads, sizeof *r->tids);
    if (!r->ring || !r->tids) {
        fprintf(stderr, "themetag: out of memory\n");
        exit(EXIT_INPUT);
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->more, NULL);
    pthread_cond_init(&r->finished, NULL);
    int started = 0;
    for (int i = 0; i < r->threads; i++)
        if (pthread_create(&r->tids[started], NULL, worker, r) == 0)
            started++;
    if (started < r->threads)
        fprintf(stderr, "themetag: warning: %d of %d worker threads could not start\n",
                r->threads - started, r->threads);
    r->threads = started ? started : 1;
    r->workers = started;
}

static void stop_workers(run *r)
{
    drain(r, true);
    pthread_mutex_lock(&r->lock);
    r->closing = true;
    pthread_cond_broadcast(&r->more);
    pthread_mutex_unlock(&r->lock);
    for (int i = 0; i < r->workers; i++)
        pthread_join(r->tids[i], NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->more);
    pthread_cond_destroy(&r->finished);
    free(r->ring);
    free(r->tids);
}

/* Classifies every document of one stream. */
static void run_stream(run *r, FILE *in, const char *name)
{
    tt_reader *rd = tt_reader_new(in, name, r->input, r->flags, print_diag, NULL);
    tt_doc doc;
    tt_status st;
    while ((st = tt_reader_next(rd, &doc)) != TT_END) {
        if (st != TT_OK) {
            r->failed = 1;
            if (st == TT_ERR_IO)
                break;
            continue;
        }
        r->docs++;
        r->bytes += doc.len;
        int first = r->compare ? tt_compare_begin(r->compare, &doc) : 1; /* in input order */
        if (r->workers > 0)
            submit(r, &doc, first);
        else
            classify_doc(r, r->scanner, &doc, first, write_stdout, NULL);
    }
    tt_reader_free(rd);
}

static int parse_choice(const char *opt, const char *arg, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(arg, names[i]) == 0)
            return i;
    fprintf(stderr, "themetag: %s: unknown value '%s' (expected", opt, arg);
    for (int i = 0; names[i]; i++)
        fprintf(stderr, "%s%s", i ? ", " : " ", names[i]);
    fprintf(stderr, ")\n");
    exit(EXIT_USAGE);
}

/* ---- subcommands */

static int cmd_lint(const char *rules)
{
    tt_engine *e = load_engine(rules, TT_ENGINE_WARNINGS | TT_ENGINE_LINT);
    unsigned warnings = warnings_seen;
    tt_scanner *s = new_scanner(e);
    size_t failed = tt_scanner_check_examples(s, print_diag, NULL);
    fprintf(stderr, "themetag lint: %zu themes, %zu rules, %zu examples: %u warning%s, %zu failing example%s\n",
            tt_engine_theme_count(e), tt_engine_rule_count(e), tt_engine_example_count(e), warnings,
            warnings == 1 ? "" : "s", failed, failed == 1 ? "" : "s");
    tt_scanner_free(s);
    tt_engine_free(e);
    return failed ? 1 : 0;
}

static int cmd_explain(const char *rules, char **sentences, int n)
{
    tt_engine *e = load_engine(rules, 0);
    tt_scanner *s = new_scanner(e);
    if (n > 0) {
        for (int i = 0; i < n; i++) {
            if (i)
                fputc('\n', stdout);
            tt_scanner_explain(s, sentences[i], 0, strlen(sentences[i]), write_stdout, NULL);
        }
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int k = 0;
        while ((len = getline(&line, &cap, stdin)) > 0) {
            if (k++)
                fputc('\n', stdout);
            tt_scanner_explain(s, line, 0, (size_t)len, write_stdout, NULL);
        }
        free(line);
    }
    tt_scanner_free(s);
    tt_engine_free(e);
    if (fflush(stdout) != 0)
        die_output();
    return 0;
}

/* The repository (or share folder) a rule set lives in: corpus/ is beside rules/. */
static int cmd_eval(const char *rules, tt_eval_config *ec)
{
    tt_engine *e = load_engine(rules, 0);
    const char *dir = find_rules(rules);
    char gold[PATH_MAX], corpus[PATH_MAX], root[PATH_MAX];
    if (!ec->gold) {
        snprintf(gold, sizeof gold, "%s/corpus/gold", dir);
        ec->gold = gold;
    }
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    ec->corpus_dir = corpus;
    if (!ec->corpus_root) {
        const char *env = getenv("THEMETAG_CORPUS_ROOT");
        if (env && *env) {
            ec->corpus_root = env;
        } else {
            snprintf(root, sizeof root, "%s/../shared/ungdc", dir);
            ec->corpus_root = root;
        }
    }
    ec->diag = print_diag;
    int st = tt_eval_run(e, ec, write_stdout, NULL);
    tt_engine_free(e);
    if (fflush(stdout) != 0)
        die_output();
    return st;
}

int main(int argc, char **argv)
{
    static const char *const inputs[] = {"text", "lines", "jsonl", NULL};
    static const char *const formats[] = {"text", "tsv", "jsonl", "html", NULL};
    enum { OPT_INPUT = 256, OPT_FORMAT, OPT_LENIENT, OPT_VERSION, OPT_RULES, OPT_EXPLAIN, OPT_GOLD,
           OPT_ROOT, OPT_ERRORS, OPT_THEME, OPT_STATS, OPT_KEYWORDS, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_SUMMARY,
           OPT_AGREEMENT, OPT_SAVE_LABELS, OPT_CHANGES, OPT_RULE };
    static const struct option longopts[] = {
        {"input", required_argument, NULL, OPT_INPUT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"lenient", no_argument, NULL, OPT_LENIENT},
        {"rules", required_argument, NULL, OPT_RULES},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"summary", no_argument, NULL, OPT_SUMMARY},
        {"gold", required_argument, NULL, OPT_GOLD},
        {"corpus-root", required_argument, NULL, OPT_ROOT},
        {"errors", no_argument, NULL, OPT_ERRORS},
        {"theme", required_argument, NULL, OPT_THEME},
        {"stats", no_argument, NULL, OPT_STATS},
        {"keywords", no_argument, NULL, OPT_KEYWORDS},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
        {"agreement", required_argument, NULL, OPT_AGREEMENT},
        {"save-labels", required_argument, NULL, OPT_SAVE_LABELS},
        {"changes", required_argument, NULL, OPT_CHANGES},
        {"rule", required_argument, NULL, OPT_RULE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    const char *cmd = NULL;
    if (argc > 1 && (strcmp(argv[1], "lint") == 0 || strcmp(argv[1], "explain") == 0 ||
                     strcmp(argv[1], "eval") == 0)) {
        cmd = argv[1];
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.input = TT_INPUT_TEXT;
    r.format = isatty(STDOUT_FILENO) ? TT_FORMAT_TEXT : TT_FORMAT_TSV;
    r.threads = 1;
    r.rule = -1;
    const char *rules = NULL, *rule_arg = NULL;
    tt_eval_config ec;
    memset(&ec, 0, sizeof ec);
    bool is_eval = cmd && strcmp(cmd, "eval") == 0;
    const char *format_arg = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_INPUT:
            r.input = (tt_input_mode)parse_choice("--input", optarg, inputs);
            break;
        case OPT_FORMAT:
            format_arg = optarg;
            break;
        case OPT_GOLD:
            ec.gold = optarg;
            break;
        case OPT_ROOT:
            ec.corpus_root = optarg;
            break;
        case OPT_ERRORS:
            ec.flags |= TT_EVAL_ERRORS;
            break;
        case OPT_THEME:
            ec.theme = optarg;
            break;
        case OPT_STATS:
            ec.flags |= TT_EVAL_RULES;
            break;
        case OPT_KEYWORDS:
            ec.flags |= TT_EVAL_KEYWORDS;
            break;
        case OPT_BASELINE:
            ec.baseline = optarg;
            break;
        case OPT_WRITE_BASELINE:
            ec.write_baseline = optarg;
            break;
        case OPT_AGREEMENT:
            ec.agreement = optarg;
            break;
        case OPT_SAVE_LABELS:
            ec.save_labels = optarg;
            break;
        case OPT_CHANGES:
            ec.changes = optarg;
            break;
        case OPT_RULE:
            rule_arg = optarg;
            break;
        case OPT_LENIENT:
            r.flags |= TT_READ_LENIENT;
            break;
        case OPT_RULES:
            rules = optarg;
            break;
        case OPT_EXPLAIN:
            r.explain = true;
            break;
        case OPT_SUMMARY:
            r.summary = true;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "themetag: -j: expected a number of threads from 1 to 256, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            r.threads = (int)n;
            break;
        }
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case OPT_VERSION:
            printf("themetag %s\n", TT_VERSION);
            return 0;
        case ':':
            fprintf(stderr, "themetag: %s needs a value\n%s", argv[optind - 1], usage_text);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "themetag: unknown option '%s'\n%s", argv[optind - 1], usage_text);
            return EXIT_USAGE;
        }
    }
    if (is_eval) {
        static const char *const eformats[] = {"text", "tsv", "json", NULL};
        if (rule_arg) {
            fprintf(stderr, "themetag eval: --rule is an option of classifying (eval --stats gives each rule's "
                            "figures)\n");
            return EXIT_USAGE;
        }
        if (format_arg)
            ec.format = (tt_eval_format)parse_choice("--format", format_arg, eformats);
        if (optind < argc) {
            fprintf(stderr, "themetag eval: unexpected argument '%s'\n", argv[optind]);
            return EXIT_USAGE;
        }
        return cmd_eval(rules, &ec);
    }
    if (format_arg)
        r.format = (tt_format)parse_choice("--format", format_arg, formats);
    {
        /* eval's options mean nothing here: say so rather than ignore them */
        const char *eval_only = ec.gold ? "--gold" : ec.corpus_root ? "--corpus-root" : ec.baseline ? "--baseline"
            : ec.write_baseline ? "--write-baseline" : ec.agreement ? "--agreement"
            : ec.save_labels ? "--save-labels" : (ec.flags & TT_EVAL_ERRORS) ? "--errors"
            : (ec.flags & TT_EVAL_KEYWORDS) ? "--keywords" : NULL;
        if (eval_only) {
            fprintf(stderr, "themetag: %s is an option of themetag eval\n", eval_only);
            return EXIT_USAGE;
        }
        bool stats = ec.flags & TT_EVAL_RULES;
        if (cmd && (ec.changes || ec.theme || stats || rule_arg)) {
            fprintf(stderr, "themetag %s: %s is an option of classifying%s\n", cmd,
                    ec.changes ? "--changes" : ec.theme ? "--theme" : stats ? "--stats" : "--rule",
                    rule_arg && !ec.changes && !ec.theme && !stats ? "" : " (or of themetag eval)");
            return EXIT_USAGE;
        }
        if (ec.theme && !ec.changes && !stats) {
            fprintf(stderr, "themetag: --theme goes with --changes or --stats (or with themetag eval)\n");
            return EXIT_USAGE;
        }
        if ((stats || rule_arg) && (ec.changes || (stats && rule_arg))) {
            fprintf(stderr, "themetag: --stats, --rule and --changes are different runs: give one of them\n");
            return EXIT_USAGE;
        }
        if (rule_arg && r.explain) {
            fprintf(stderr, "themetag: --rule lists sentences; for why, give them to themetag explain\n");
            return EXIT_USAGE;
        }
        if (ec.changes && strcmp(ec.changes, "-") == 0) {
            bool stdin_input = optind >= argc;
            for (int i = optind; i < argc && !stdin_input; i++)
                stdin_input = strcmp(argv[i], "-") == 0;
            if (stdin_input) {
                fprintf(stderr, "themetag: --changes -: standard input cannot hold both the labels before and the "
                                "documents\n");
                return EXIT_USAGE;
            }
        }
        if ((stats || ec.changes) && (r.explain || r.format == TT_FORMAT_HTML)) {
            fprintf(stderr, "themetag: %s writes text, tsv or jsonl, without --explain\n",
                    stats ? "--stats" : "--changes");
            return EXIT_USAGE;
        }
    }
    if (cmd && strcmp(cmd, "lint") == 0) {
        if (optind < argc) {
            fprintf(stderr, "themetag lint: unexpected argument '%s'\n", argv[optind]);
            return EXIT_USAGE;
        }
        return cmd_lint(rules);
    }
    if (cmd)
        return cmd_explain(rules, argv + optind, argc - optind);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tt_engine *engine = load_engine(rules, 0);
    r.engine = engine;
    r.scanner = new_scanner(engine);
    if (rule_arg) {
        r.rule = tt_engine_rule_index(engine, rule_arg);
        if (r.rule < 0) {
            struct stat st;
            fprintf(stderr, "themetag: --rule: the rule set has no rule '%s' (themetag --stats /dev/null lists the "
                            "rules)%s\n",
                    rule_arg, stat(rule_arg, &st) == 0 && S_ISDIR(st.st_mode) ? "; for a rule folder, say --rules" : "");
            tt_scanner_free(r.scanner);
            tt_engine_free(engine);
            return EXIT_USAGE;
        }
    }
    if (ec.flags & TT_EVAL_RULES) {
        r.profile = tt_profile_new(engine, ec.theme);
        if (!r.profile) {
            fprintf(stderr, "themetag: --theme: the rule set has no theme '%s'\n", ec.theme);
            tt_scanner_free(r.scanner);
            tt_engine_free(engine);
            return EXIT_USAGE;
        }
    } else if (ec.changes) {
        r.compare = tt_compare_load(engine, ec.changes, ec.theme, print_diag, NULL);
        if (!r.compare) {
            tt_scanner_free(r.scanner);
            tt_engine_free(engine);
            return EXIT_USAGE;
        }
        if (tt_compare_unreadable(r.compare))
            r.failed = 1;
        if (tt_compare_header(r.format, write_stdout, NULL))
            die_output();
    } else if (!r.explain && tt_write_page_head(engine, r.format, write_stdout, NULL)) {
        die_output();
    }
    if (r.threads > 1)
        start_workers(&r);
    if (optind >= argc) {
        run_stream(&r, stdin, "-");
    } else {
        for (int i = optind; i < argc; i++) {
            const char *name = argv[i];
            if (strcmp(name, "-") == 0) {
                run_stream(&r, stdin, "-");
                continue;
            }
            FILE *in = fopen(name, "rb");
            if (!in) {
                fprintf(stderr, "themetag: %s: %s\n", name, strerror(errno));
                r.failed = 1;
                continue;
            }
            run_stream(&r, in, name);
            fclose(in);
        }
    }
    if (r.workers > 0)
        stop_workers(&r);
    if (r.compare) {
        if (fflush(stdout) != 0 ||
            tt_compare_summary(r.compare, r.format, r.format == TT_FORMAT_TEXT ? write_stdout : write_stderr, NULL))
            die_output();
        tt_compare_free(r.compare);
    } else if (r.profile) {
        tt_profile_add_vetoes(r.profile, r.scanner); /* the workers added theirs as they ended */
        if (tt_profile_write(r.profile, r.format, write_stdout, NULL))
            die_output();
        tt_profile_free(r.profile);
    } else if (!r.explain && tt_write_footer(r.format, write_stdout, NULL)) {
        die_output();
    }
    unsigned long long ns, nt;
    tt_scanner_counts(r.scanner, &ns, &nt);
    r.sentences += ns;
    r.tokens += nt;
    tt_scanner_free(r.scanner);
    tt_engine_free(engine);
    if (fflush(stdout) != 0 || ferror(stdout))
        die_output();
    if (r.summary) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr,
                "themetag: %llu documents, %llu sentences, %llu words, %llu bytes in %.3f s "
                "(%.1f MB/s, %.0f sentences/s, %.0f words/s; %d thread%s)\n",
                r.docs, r.sentences, r.tokens, r.bytes, sec, (double)r.bytes / 1e6 / sec,
                (double)r.sentences / sec, (double)r.tokens / sec, r.threads, r.threads == 1 ? "" : "s");
    }
    return r.failed ? EXIT_INPUT : 0;
}
