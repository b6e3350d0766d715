/*
 * eval.c - the evaluator: gold sentences against the engine's labels, per part (the gold
 * file's folder), per theme and micro/macro; the segmenter's boundaries against span gold;
 * false positives and negatives with the rule that fired or came nearest; per-rule and
 * per-entry statistics with the F1 each would cost if removed; rule overlaps; baselines; the
 * labels of every gold sentence saved, and the sentences whose labels moved since.
 */
#define _XOPEN_SOURCE 700
#include "rules.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct doc_text {
    char *name;
    char *text;
    size_t len;
    bool sentence; /* a sentence of sentence gold: its name is "line N", its text its identity */
} doc_text;

typedef struct row {
    size_t doc;        /* index into docs */
    size_t start, end; /* into the document */
    uint64_t gold, got;
    uint64_t prev;     /* the labels the sentence before got */
    int *fired;        /* rules that fired, -1 ended */
    bool agreed;       /* --agreement: a second label was read for it */
    const char *file;
    unsigned line;
    uint64_t before;   /* --changes: the labels saved before */
    bool saved;        /* --changes: before was read for it */
} row;

enum { GAINED_TP, LOST_TP, GAINED_FP, LOST_FP }; /* how a theme of a sentence moved */

typedef struct counts {
    size_t tp, fp, fn;
} counts;

typedef struct part {
    char *name;
    char *folder;
    size_t files, missing, bad;
    row *rows;
    size_t nrows, caprows;
    counts theme[MAX_THEMES];
    size_t gold_ends, found_ends, matched_ends; /* segmenter */
    size_t span_docs;
    buf errors;
    /* --changes: over the rows with saved labels, the figures before and now, and each move */
    size_t compared, moved_rows;
    counts was[MAX_THEMES], now[MAX_THEMES];
    size_t moves[MAX_THEMES][4];
    buf changes;
    struct rowref *index; /* the rows sorted by document and span (row_index), or NULL */
} part;

typedef struct ev {
    const tt_engine *e;
    const ruleset *rs;
    const tt_eval_config *cfg;
    tt_scanner *sc;
    doc_text *docs;
    size_t ndocs, capdocs;
    part *parts;
    size_t nparts, capparts;
    int theme; /* focus, or -1 */
    int status;
    size_t unmatched;  /* --changes: saved rows that name no gold sentence now */
    bool have_changes; /* --changes was read */
    arena strings;
} ev;

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void prf(const counts *c, double *p, double *r, double *f)
{
    *p = ratio(c->tp, c->tp + c->fp);
    *r = ratio(c->tp, c->tp + c->fn);
    *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

static double f1_of(const counts *c)
{
    double p, r, f;
    prf(c, &p, &r, &f);
    return f;
}

/* Counts one sentence's verdict on one theme: gold has it or not, the labels give it or not. */
static void tally(counts *c, bool gold, bool got)
{
    c->tp += gold && got;
    c->fp += !gold && got;
    c->fn += gold && !got;
}

/* ---- documents */

/* The index of the document named doc among those looked up so far (found or not); SIZE_MAX
 * when it was never looked up. */
static size_t doc_index(const ev *v, const char *doc)
{
    for (size_t i = 0; i < v->ndocs; i++)
        if (strcmp(v->docs[i].name, doc) == 0)
            return i;
    return SIZE_MAX;
}

/* The document named doc: corpus_dir/doc, else corpus_root/doc; SIZE_MAX when missing. */
static size_t load_doc(ev *v, const char *doc)
{
    size_t known = doc_index(v, doc);
    if (known != SIZE_MAX)
        return v->docs[known].text ? known : SIZE_MAX;
    const char *dirs[2] = {v->cfg->corpus_dir, v->cfg->corpus_root};
    char *text = NULL;
    size_t len = 0;
    for (int k = 0; k < 2 && !text; k++) {
        if (!dirs[k])
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dirs[k], doc);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            text = read_file(path, &len);
    }
    VEC_GROW(v->docs, v->ndocs, v->capdocs);
    v->docs[v->ndocs] = (doc_text){xstrdup(doc), text, len, false};
    return text ? v->ndocs++ : (v->ndocs++, SIZE_MAX);
}

/* ---- reading gold */

/* The next line of a buffer read whole, in place: *cur advances past it; NULL at the end. Unlike
 * strtok_r it returns empty lines too, so that line numbers in messages are right. A CR before
 * the LF is dropped. */
static char *take_line(char **cur)
{
    char *l = *cur;
    if (!l || !*l)
        return NULL;
    char *nl = strchr(l, '\n');
    if (nl) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = l + strlen(l);
    }
    size_t n = strlen(l);
    if (n && l[n - 1] == '\r')
        l[n - 1] = '\0';
    return l;
}

static bool parse_labels(ev *v, const char *s, uint64_t *out, const char *file, unsigned line, const char *what)
{
    *out = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        while (n && (s[n - 1] == ' '))
            n--;
        if (n) {
            int t = tt_engine_theme_index(v->e, s, n);
            if (t < 0) {
                diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, file, line, 0, -1, NULL,
                          "unknown theme '%.*s' in the %s", (int)n, s, what);
                return false;
            }
            *out |= 1ull << t;
        }
        s += strcspn(s, ",");
        if (*s == ',')
            s++;
        while (*s == ' ')
            s++;
    }
    return true;
}

static void add_row(part *p, row r)
{
    VEC_GROW(p->rows, p->nrows, p->caprows);
    p->rows[p->nrows++] = r;
}

/* Sentence gold keeps its text: a document of its own, one sentence. */
static size_t add_text_doc(ev *v, const char *name, const char *text)
{
    VEC_GROW(v->docs, v->ndocs, v->capdocs);
    v->docs[v->ndocs] = (doc_text){xstrdup(name), xstrdup(text), strlen(text), true};
    return v->ndocs++;
}

static void read_gold_file(ev *v, part *p, const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot read: %s",
                  strerror(errno));
        p->bad++;
        return;
    }
    p->files++;
    char *file = arena_strndup(&v->strings, path, strlen(path));
    bool span = false, header = false;
    unsigned line = 0;
    size_t cur_doc = SIZE_MAX;
    const char *cur_name = NULL;
    bool cur_missing = false;
    char *cur = data;
    for (char *l; (l = take_line(&cur));) {
        line++;
        size_t ln = strlen(l);
        if (!ln)
            continue;
        char *f[6];
        if (line == 1 && strncmp(l, "doc\tstart\tend\tlabels", 20) == 0) {
            span = header = true;
            continue;
        }
        if (line == 1 && strncmp(l, "labels\ttext", 11) == 0) {
            header = true;
            continue;
        }
        int n = split_tabs(l, f, 5);
        if (line == 1 && !header)
            span = n >= 4;
        if (span) {
            if (n < 4) {
                diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, file, line, 0, -1, NULL,
                          "expected doc, start, end, labels (and a note), tab-separated");
                p->bad++;
                continue;
            }
            if (!cur_name || strcmp(cur_name, f[0]) != 0) {
                cur_name = arena_strndup(&v->strings, f[0], strlen(f[0]));
                cur_doc = load_doc(v, f[0]);
                cur_missing = cur_doc == SIZE_MAX;
                if (cur_missing) {
                    diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_WARNING, file, line, 0, -1, NULL,
                              "skipped: document %s not found under %s or %s", f[0],
                              v->cfg->corpus_dir ? v->cfg->corpus_dir : "-",
                              v->cfg->corpus_root ? v->cfg->corpus_root : "-");
                    p->missing++;
                } else {
                    p->span_docs++;
                }
            }
            if (cur_missing)
                continue;
            size_t s, e;
            if (!parse_digits(f[1], &s) || !parse_digits(f[2], &e) || s > e || e > v->docs[cur_doc].len) {
                diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, file, line, 0, -1, NULL,
                          "bad span [%s,%s) for %s (%zu bytes)", f[1], f[2], f[0], v->docs[cur_doc].len);
                p->bad++;
                continue;
            }
            row r = {.doc = cur_doc, .start = s, .end = e, .file = file, .line = line};
            if (!parse_labels(v, f[3], &r.gold, file, line, "gold labels")) {
                p->bad++;
                continue;
            }
            add_row(p, r);
        } else {
            if (n < 2) {
                diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, file, line, 0, -1, NULL,
                          "expected labels and text, tab-separated");
                p->bad++;
                continue;
            }
            char name[64];
            snprintf(name, sizeof name, "line %u", line);
            size_t d = add_text_doc(v, name, f[1]);
            row r = {.doc = d, .end = v->docs[d].len, .file = file, .line = line};
            if (!parse_labels(v, f[0], &r.gold, file, line, "gold labels")) {
                p->bad++;
                continue;
            }
            add_row(p, r);
        }
    }
    free(data);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static part *new_part(ev *v, const char *name, const char *folder)
{
    VEC_GROW(v->parts, v->nparts, v->capparts);
    part *p = &v->parts[v->nparts++];
    memset(p, 0, sizeof *p);
    p->name = xstrdup(name);
    p->folder = xstrdup(folder);
    return p;
}

static void read_folder(ev *v, part *p, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0) {
            VEC_GROW(names, n, cap);
            names[n++] = xstrdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        read_gold_file(v, p, path);
        free(names[i]);
    }
    free(names);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *base_name(const char *path, char *out, size_t n)
{
    size_t l = strlen(path);
    while (l > 1 && path[l - 1] == '/')
        l--;
    size_t s = l;
    while (s > 0 && path[s - 1] != '/')
        s--;
    snprintf(out, n, "%.*s", (int)(l - s), path + s);
    return out;
}

static void collect(ev *v, const char *gold)
{
    char name[256];
    if (is_dir(gold)) {
        char sub[8192];
        bool any = false;
        static const char *const known[] = {"dev", "test"};
        for (int k = 0; k < 2; k++) {
            snprintf(sub, sizeof sub, "%s/%s", gold, known[k]);
            if (is_dir(sub)) {
                read_folder(v, new_part(v, known[k], sub), sub);
                any = true;
            }
        }
        if (!any)
            read_folder(v, new_part(v, base_name(gold, name, sizeof name), gold), gold);
        return;
    }
    char *dir = xstrdup(gold);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    part *p = new_part(v, slash ? base_name(dir, name, sizeof name) : "gold", slash ? dir : ".");
    free(dir);
    read_gold_file(v, p, gold);
}

/* ---- classifying */

/* The header of a listed sentence: what, part, theme, document, span, and the gold line. */
static void describe_head(ev *v, buf *o, const char *what, const part *p, const row *r, size_t th)
{
    buf_printf(o, "%s %s %s %s [%zu,%zu) %s:%u\n", what, p->name, v->rs->src.themes[th].name,
               v->docs[r->doc].name, r->start, r->end, r->file, r->line);
}

/* The evidence for theme th in s: a line for each rule that fired and what it matched. */
static void describe_evidence(ev *v, buf *o, const row *r, const tt_sentence *s, size_t th)
{
    ev_evidence_lines(o, v->e, v->docs[r->doc].text, r->start, r->start, s, th);
}

/* Why theme th was not given: the rule that came nearest and what it lacked. It reads the match
 * state, so it is called right after the row was classified. */
static void describe_nearest(ev *v, buf *o, const row *r, const tt_sentence *s, size_t th)
{
    if (!s) { /* the match state is the last sentence's: nothing of this span to explain */
        buf_adds(o, "  the span holds no words to classify\n");
        return;
    }
    m_show_base(eng_match(v->sc), r->start);
    m_explain_theme(eng_match(v->sc), o, th);
    m_show_base(eng_match(v->sc), 0);
}

static void describe_text(ev *v, buf *o, const row *r)
{
    buf_adds(o, "  text: ");
    u8_collapse(o, v->docs[r->doc].text, r->start, r->end);
    buf_addc(o, '\n');
}

static void describe_fp(ev *v, part *p, const row *r, const tt_sentence *s, size_t th)
{
    describe_head(v, &p->errors, "FP", p, r, th);
    describe_evidence(v, &p->errors, r, s, th);
    describe_text(v, &p->errors, r);
}

static void describe_fn(ev *v, part *p, const row *r, const tt_sentence *s, size_t th)
{
    describe_head(v, &p->errors, "FN", p, r, th);
    describe_nearest(v, &p->errors, r, s, th);
    describe_text(v, &p->errors, r);
}

/* How saved labels name a gold sentence's document: its name, or for sentence gold (named
 * "line N" after its place in a file, which moves when files come and go) its text. */
static const char *doc_key(const doc_text *d)
{
    return d->sentence ? d->text : d->name;
}

/* A theme of a sentence moved since the saved labels: count it and list it, with the rules
 * that give the theme now or the rule that came nearest. */
static void describe_move(ev *v, part *p, const row *r, const tt_sentence *s, size_t th)
{
    static const char *const tags[4] = {"+TP", "-TP", "+FP", "-FP"};
    static const char *const names[4] = {"gained_tp", "lost_tp", "gained_fp", "lost_fp"};
    bool gold = (r->gold >> th) & 1, now = (r->got >> th) & 1;
    int m = now ? (gold ? GAINED_TP : GAINED_FP) : (gold ? LOST_TP : LOST_FP);
    p->moves[th][m]++;
    buf *o = &p->changes;
    tt_eval_format fmt = v->cfg->format;
    if (fmt == TT_EVAL_TEXT) {
        describe_head(v, o, tags[m], p, r, th);
        if (now)
            describe_evidence(v, o, r, s, th);
        else
            describe_nearest(v, o, r, s, th);
        describe_text(v, o, r);
        return;
    }
    /* the rules that give the theme now, by name, each once */
    buf rules = {0};
    if (now && s)
        ev_rule_names(&rules, v->e, s, th, fmt != TT_EVAL_TSV);
    const char *doc = doc_key(&v->docs[r->doc]);
    if (fmt == TT_EVAL_TSV) {
        buf_printf(o, "changed\t%s\t%s\t%s\t%zu\t%zu\t%s\t%s\n", p->name, v->rs->src.themes[th].name, doc,
                   r->start, r->end, names[m], rules.len ? rules.data : "");
    } else {
        buf_adds(o, o->len ? ",{\"theme\":" : "{\"theme\":");
        buf_json_str(o, v->rs->src.themes[th].name, strlen(v->rs->src.themes[th].name));
        buf_adds(o, ",\"doc\":");
        buf_json_str(o, doc, strlen(doc));
        buf_printf(o, ",\"start\":%zu,\"end\":%zu,\"change\":\"%s\",\"rules\":[%s]}", r->start, r->end,
                   names[m], rules.len ? rules.data : "");
    }
    buf_free(&rules);
}

/* Classifies a gold sentence; with cont, as the sentence after the one classified before. */
static uint64_t classify_row(ev *v, row *r, const tt_sentence **out, bool cont)
{
    const doc_text *d = &v->docs[r->doc];
    const tt_sentence *s;
    size_t n;
    tt_scanner_classify(v->sc, d->text + r->start, r->end - r->start,
                        TT_ONE_SENTENCE | (cont ? TT_CONTINUE : 0), &s, &n);
    if (out)
        *out = n ? s : NULL;
    if (!n)
        return 0;
    if (v->cfg->flags & TT_EVAL_KEYWORDS)
        return m_keyword_labels(eng_match(v->sc));
    return s->labels;
}

/* Classifies a row again, alone, with the context it had the first time. */
static uint64_t reclassify(ev *v, row *r, const tt_sentence **out)
{
    tt_scanner_set_context(v->sc, r->prev);
    return classify_row(v, r, out, true);
}

static void run_part(ev *v, part *p, bool keep_fired)
{
    size_t nt = v->rs->src.nthemes;
    for (size_t i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        const tt_sentence *s;
        r->got = classify_row(v, r, &s, i > 0 && p->rows[i - 1].doc == r->doc);
        r->prev = i > 0 && p->rows[i - 1].doc == r->doc ? p->rows[i - 1].got : 0;
        if (keep_fired && s) {
            /* the rules that fired, from the evidence (a fired rule has at least one hit) */
            intlist fl = {0};
            for (size_t k = 0; k < s->nevidence; k++) {
                int rule = (int)s->evidence[k].rule;
                bool seen = false;
                for (size_t q = 0; q < fl.n && !seen; q++)
                    seen = fl.v[q] == rule;
                if (!seen) {
                    VEC_GROW(fl.v, fl.n, fl.cap);
                    fl.v[fl.n++] = rule;
                }
            }
            VEC_GROW(fl.v, fl.n, fl.cap);
            fl.v[fl.n++] = -1;
            r->fired = fl.v;
        }
        for (size_t t = 0; t < nt; t++) {
            bool g = (r->gold >> t) & 1, x = (r->got >> t) & 1;
            tally(&p->theme[t], g, x);
            if ((v->cfg->flags & TT_EVAL_ERRORS) && g != x && (v->theme < 0 || v->theme == (int)t)) {
                if (x && s)
                    describe_fp(v, p, r, s, t);
                else
                    describe_fn(v, p, r, s, t);
            }
        }
        if (r->saved) {
            p->compared++;
            bool moved = false;
            for (size_t t = 0; t < nt; t++) {
                bool g = (r->gold >> t) & 1, was = (r->before >> t) & 1, now = (r->got >> t) & 1;
                tally(&p->was[t], g, was);
                tally(&p->now[t], g, now);
                if (was != now && (v->theme < 0 || v->theme == (int)t)) {
                    describe_move(v, p, r, s, t);
                    moved = true;
                }
            }
            p->moved_rows += moved;
        }
    }
    /* the segmenter against the span gold: a boundary is a sentence's exact end */
    size_t prev_doc = SIZE_MAX;
    for (size_t i = 0; i < p->nrows; i++) {
        const row *r = &p->rows[i];
        if (r->doc == prev_doc || strncmp(v->docs[r->doc].name, "line ", 5) == 0)
            continue;
        prev_doc = r->doc;
        const tt_span *sp;
        size_t ns;
        tt_scanner_segment(v->sc, v->docs[r->doc].text, v->docs[r->doc].len, &sp, &ns);
        size_t j = i, k = 0;
        p->found_ends += ns;
        for (; j < p->nrows && p->rows[j].doc == r->doc; j++) {
            p->gold_ends++;
            while (k < ns && sp[k].end < p->rows[j].end)
                k++;
            if (k < ns && sp[k].end == p->rows[j].end)
                p->matched_ends++;
        }
    }
}

/* ---- reporting */

static void table_row(buf *o, tt_eval_format fmt, const char *pname, const char *name, const counts *c,
                      size_t support, bool first_json)
{
    double p, r, f;
    prf(c, &p, &r, &f);
    if (fmt == TT_EVAL_TSV)
        buf_printf(o, "%s\t%s\t%.4f\t%.4f\t%.4f\t%zu\t%zu\t%zu\t%zu\n", pname, name, p, r, f, support, c->tp,
                   c->fp, c->fn);
    else if (fmt == TT_EVAL_JSON)
        buf_printf(o, "%s{\"theme\":\"%s\",\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"support\":%zu,"
                      "\"tp\":%zu,\"fp\":%zu,\"fn\":%zu}",
                   first_json ? "" : ",", name, p, r, f, support, c->tp, c->fp, c->fn);
    else
        buf_printf(o, "%-22s %9.3f %7.3f %7.3f %8zu %6zu %6zu %6zu\n", name, p, r, f, support, c->tp, c->fp,
                   c->fn);
}

/* The figures of a part: per theme, then micro and macro. vals[t*3..] = p, r, f. */
static void part_figures(const ev *v, const part *p, counts *micro, double macro[3])
{
    size_t nt = v->rs->src.nthemes;
    memset(micro, 0, sizeof *micro);
    macro[0] = macro[1] = macro[2] = 0;
    for (size_t t = 0; t < nt; t++) {
        micro->tp += p->theme[t].tp;
        micro->fp += p->theme[t].fp;
        micro->fn += p->theme[t].fn;
        double a, b, c;
        prf(&p->theme[t], &a, &b, &c);
        macro[0] += a;
        macro[1] += b;
        macro[2] += c;
    }
    for (int k = 0; k < 3; k++)
        macro[k] = nt ? macro[k] / (double)nt : 0;
}

/* What moved since the saved labels, in part p: per theme the sentences that gained or lost it,
 * right (TP) or wrong (FP), and its F1 before and now over the compared sentences; then the
 * sentences. Text lists the themes that moved, JSON all; TSV is written by changes_tsv. */
static void report_changes(ev *v, part *p, buf *o)
{
    tt_eval_format fmt = v->cfg->format;
    size_t nt = v->rs->src.nthemes, gold_rows = p->nrows;
    if (fmt == TT_EVAL_TEXT) {
        buf_printf(o, "\nchanges since %s: %zu of %zu sentences compared, %zu moved", v->cfg->changes,
                   p->compared, gold_rows, p->moved_rows);
        if (p->compared < gold_rows)
            buf_printf(o, " (%zu without saved labels)", gold_rows - p->compared);
        buf_adds(o, "\n");
        if (!p->moved_rows)
            return;
        buf_printf(o, "%-22s %5s %5s %5s %5s %9s %7s\n", "theme", "+tp", "-tp", "+fp", "-fp", "f1 before",
                   "now");
    } else {
        buf_printf(o, ",\"changes\":{\"file\":");
        buf_json_str(o, v->cfg->changes, strlen(v->cfg->changes));
        buf_printf(o, ",\"compared\":%zu,\"moved\":%zu,\"themes\":[", p->compared, p->moved_rows);
    }
    counts was = {0, 0, 0}, now = {0, 0, 0};
    bool first = true;
    for (size_t t = 0; t < nt; t++) {
        was.tp += p->was[t].tp, was.fp += p->was[t].fp, was.fn += p->was[t].fn;
        now.tp += p->now[t].tp, now.fp += p->now[t].fp, now.fn += p->now[t].fn;
        if (v->theme >= 0 && v->theme != (int)t)
            continue;
        const size_t *m = p->moves[t];
        double fw = f1_of(&p->was[t]), fn = f1_of(&p->now[t]);
        const char *name = v->rs->src.themes[t].name;
        if (fmt == TT_EVAL_TEXT) {
            if (m[0] + m[1] + m[2] + m[3])
                buf_printf(o, "%-22s %5zu %5zu %5zu %5zu %9.3f %7.3f\n", name, m[GAINED_TP], m[LOST_TP],
                           m[GAINED_FP], m[LOST_FP], fw, fn);
            continue;
        }
        buf_adds(o, first ? "{\"theme\":" : ",{\"theme\":");
        buf_json_str(o, name, strlen(name));
        buf_printf(o, ",\"gained_tp\":%zu,\"lost_tp\":%zu,\"gained_fp\":%zu,\"lost_fp\":%zu,"
                      "\"f1_before\":%.4f,\"f1_now\":%.4f}",
                   m[GAINED_TP], m[LOST_TP], m[GAINED_FP], m[LOST_FP], fw, fn);
        first = false;
    }
    double fw = f1_of(&was), fn = f1_of(&now);
    if (fmt == TT_EVAL_TEXT) {
        if (v->theme < 0)
            buf_printf(o, "%-22s %5s %5s %5s %5s %9.3f %7.3f\n", "micro", "", "", "", "", fw, fn);
        if (p->changes.len) {
            buf_adds(o, "(+TP: now given, and right; -TP: no longer given, and missed; +FP: now given, and "
                        "wrong; -FP: no longer given, rightly)\n");
            buf_add(o, p->changes.data, p->changes.len);
        }
        return;
    }
    buf_adds(o, "]");
    if (v->theme < 0)
        buf_printf(o, ",\"micro\":{\"f1_before\":%.4f,\"f1_now\":%.4f}", fw, fn);
    buf_adds(o, ",\"sentences\":[");
    if (p->changes.len)
        buf_add(o, p->changes.data, p->changes.len);
    buf_adds(o, "]}");
}

/* The changes as two TSV tables after the figures: per part and theme, then per sentence. */
static void changes_tsv(ev *v, buf *o)
{
    buf_adds(o, "\nchanges\tpart\ttheme\tgained_tp\tlost_tp\tgained_fp\tlost_fp\tf1_before\tf1_now\n");
    for (size_t i = 0; i < v->nparts; i++) {
        const part *p = &v->parts[i];
        for (size_t t = 0; t < v->rs->src.nthemes; t++) {
            if (v->theme >= 0 && v->theme != (int)t)
                continue;
            const size_t *m = p->moves[t];
            buf_printf(o, "changes\t%s\t%s\t%zu\t%zu\t%zu\t%zu\t%.4f\t%.4f\n", p->name,
                       v->rs->src.themes[t].name, m[GAINED_TP], m[LOST_TP], m[GAINED_FP], m[LOST_FP],
                       f1_of(&p->was[t]), f1_of(&p->now[t]));
        }
    }
    buf_adds(o, "\nchanged\tpart\ttheme\tdoc\tstart\tend\tchange\trules\n");
    for (size_t i = 0; i < v->nparts; i++)
        if (v->parts[i].changes.len)
            buf_add(o, v->parts[i].changes.data, v->parts[i].changes.len);
}

static void report_part(ev *v, part *p, buf *o, bool first)
{
    tt_eval_format fmt = v->cfg->format;
    size_t nt = v->rs->src.nthemes;
    counts micro;
    double macro[3];
    part_figures(v, p, &micro, macro);
    double bp = ratio(p->matched_ends, p->found_ends), br = ratio(p->matched_ends, p->gold_ends);
    if (fmt == TT_EVAL_TEXT) {
        buf_printf(o, "== %s (%s: %zu file%s, %zu sentences%s)\n", p->name, p->folder, p->files,
                   p->files == 1 ? "" : "s", p->nrows, (v->cfg->flags & TT_EVAL_KEYWORDS) ? "; keyword baseline" : "");
        buf_printf(o, "%-22s %9s %7s %7s %8s %6s %6s %6s\n", "theme", "precision", "recall", "f1", "support",
                   "tp", "fp", "fn");
    } else if (fmt == TT_EVAL_JSON) {
        buf_printf(o, "%s{\"part\":", first ? "" : ",");
        buf_json_str(o, p->name, strlen(p->name));
        buf_adds(o, ",\"folder\":");
        buf_json_str(o, p->folder, strlen(p->folder));
        buf_printf(o, ",\"files\":%zu,\"sentences\":%zu,\"missing\":%zu,\"themes\":[", p->files, p->nrows,
                   p->missing);
    }
    bool fj = true;
    for (size_t t = 0; t < nt; t++) {
        if (v->theme >= 0 && v->theme != (int)t)
            continue;
        table_row(o, fmt, p->name, v->rs->src.themes[t].name, &p->theme[t], p->theme[t].tp + p->theme[t].fn, fj);
        fj = false;
    }
    if (v->theme < 0) {
        if (fmt == TT_EVAL_JSON)
            buf_adds(o, "],\"micro\":[");
        table_row(o, fmt, p->name, "micro", &micro, micro.tp + micro.fn, true);
        if (fmt == TT_EVAL_JSON)
            buf_printf(o, "],\"macro\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f}", macro[0], macro[1],
                       macro[2]);
        else if (fmt == TT_EVAL_TSV)
            buf_printf(o, "%s\tmacro\t%.4f\t%.4f\t%.4f\t%zu\t\t\t\n", p->name, macro[0], macro[1], macro[2],
                       micro.tp + micro.fn);
        else
            buf_printf(o, "%-22s %9.3f %7.3f %7.3f\n", "macro", macro[0], macro[1], macro[2]);
    } else if (fmt == TT_EVAL_JSON) {
        buf_adds(o, "]");
    }
    if (fmt == TT_EVAL_TSV && p->span_docs)
        buf_printf(o, "%s\tsegmenter\t%.4f\t%.4f\t%.4f\t%zu\t%zu\t%zu\t%zu\n", p->name, bp, br,
                   bp + br > 0 ? 2 * bp * br / (bp + br) : 0.0, p->gold_ends, p->matched_ends,
                   p->found_ends - p->matched_ends, p->gold_ends - p->matched_ends);
    else if (fmt == TT_EVAL_JSON)
        buf_printf(o, ",\"segmenter\":{\"precision\":%.4f,\"recall\":%.4f,\"gold\":%zu,\"found\":%zu,"
                      "\"matched\":%zu}",
                   bp, br, p->gold_ends, p->found_ends, p->matched_ends);
    else if (p->span_docs)
        buf_printf(o, "segmenter: sentence boundaries precision %.3f, recall %.3f (%zu of %zu gold ends found; "
                      "%zu sentences found)\n",
                   bp, br, p->matched_ends, p->gold_ends, p->found_ends);
    if (fmt == TT_EVAL_TEXT && p->missing)
        buf_printf(o, "skipped: %zu document%s not found (see the warnings)\n", p->missing,
                   p->missing == 1 ? "" : "s");
    if (fmt == TT_EVAL_TEXT && p->errors.len) {
        buf_adds(o, "\n");
        buf_add(o, p->errors.data, p->errors.len);
    }
    if (v->have_changes && fmt != TT_EVAL_TSV)
        report_changes(v, p, o);
    if (fmt == TT_EVAL_JSON)
        buf_addc(o, '}');
    if (fmt == TT_EVAL_TEXT)
        buf_addc(o, '\n');
}

/* F1 of theme t over rows, with labels from got but theme t recomputed by have(). */
static double theme_f1(const part *p, size_t t, const uint64_t *labels)
{
    counts c = {0, 0, 0};
    for (size_t i = 0; i < p->nrows; i++)
        tally(&c, (p->rows[i].gold >> t) & 1, (labels[i] >> t) & 1);
    return f1_of(&c);
}

/* Per rule and per entry statistics on part p, and overlaps between rules of different themes. */
static void rule_stats(ev *v, part *p, buf *o)
{
    const ruleset *rs = v->rs;
    size_t nr = rs->src.nrules;
    uint64_t *labels = xmalloc((p->nrows ? p->nrows : 1) * sizeof *labels);
    double cur_f1[MAX_THEMES]; /* each theme's F1 as the part was classified */
    for (size_t t = 0; t < rs->src.nthemes; t++)
        cur_f1[t] = f1_of(&p->theme[t]);
    buf_printf(o, "== rules on %s: how often each fires, TP/FP of its theme, F1 of the theme if it were removed\n",
               p->name);
    buf_printf(o, "%-24s %-20s %6s %5s %5s %8s %8s\n", "rule", "theme", "fires", "tp", "fp", "f1", "without");
    for (size_t r = 0; r < nr; r++) {
        size_t t = (size_t)rs->src.rules[r].theme, fires = 0, tp = 0, fp = 0;
        for (size_t i = 0; i < p->nrows; i++) {
            const row *rw = &p->rows[i];
            bool fired = false, other = false;
            for (const int *f = rw->fired; f && *f >= 0; f++) {
                if ((size_t)*f == r)
                    fired = true;
                else if ((size_t)rs->src.rules[*f].theme == t)
                    other = true;
            }
            labels[i] = rw->got;
            if (fired && !other)
                labels[i] &= ~(1ull << t);
            if (fired) {
                fires++;
                if ((rw->gold >> t) & 1)
                    tp++;
                else
                    fp++;
            }
        }
        buf_printf(o, "%-24s %-20s %6zu %5zu %5zu %8.3f %8.3f\n", rs->src.rules[r].name, rs->src.themes[t].name,
                   fires, tp, fp, cur_f1[t], theme_f1(p, t, labels));
    }
    /* entries: the sentences each matched in a fired rule's evidence; F1 without it by
     * classifying those sentences again with the entry left out */
    size_t ne = rs->nentries;
    intlist *rows_of = xcalloc(ne ? ne : 1, sizeof *rows_of);
    size_t *tp = xcalloc(ne ? ne : 1, sizeof *tp), *fp = xcalloc(ne ? ne : 1, sizeof *fp);
    for (size_t i = 0; i < p->nrows; i++) {
        row *rw = &p->rows[i];
        const tt_sentence *s;
        reclassify(v, rw, &s);
        if (!s)
            continue;
        for (size_t k = 0; k < s->nevidence; k++) {
            const tt_evidence *e = &s->evidence[k];
            intlist *l = &rows_of[e->entry];
            if (l->n && l->v[l->n - 1] == (int)i)
                continue;
            VEC_GROW(l->v, l->n, l->cap);
            l->v[l->n++] = (int)i;
            if ((rw->gold >> e->theme) & 1)
                tp[e->entry]++;
            else
                fp[e->entry]++;
        }
    }
    buf_printf(o, "\n== lexicon entries and terms on %s that label sentences (most used first)\n", p->name);
    buf_printf(o, "%-34s %-26s %6s %5s %5s %8s\n", "entry", "where", "sent.", "tp", "fp", "dF1");
    size_t *order = xmalloc((ne ? ne : 1) * sizeof *order);
    size_t no = 0;
    for (size_t e = 0; e < ne; e++)
        if (rows_of[e].n)
            order[no++] = e;
    for (size_t a = 0; a < no; a++)
        for (size_t b = a + 1; b < no; b++)
            if (rows_of[order[b]].n > rows_of[order[a]].n) {
                size_t tmp = order[a];
                order[a] = order[b];
                order[b] = tmp;
            }
    m_state *m = eng_match(v->sc);
    for (size_t a = 0; a < no; a++) {
        size_t e = order[a];
        /* themes this entry labels: recompute those rows without it */
        for (size_t i = 0; i < p->nrows; i++)
            labels[i] = p->rows[i].got;
        m_disable_entry(m, (int)e, true);
        for (size_t k = 0; k < rows_of[e].n; k++) {
            row *rw = &p->rows[rows_of[e].v[k]];
            labels[rows_of[e].v[k]] = reclassify(v, rw, NULL);
        }
        m_disable_entry(m, (int)e, false);
        double delta = 0;
        for (size_t t = 0; t < rs->src.nthemes; t++)
            delta += theme_f1(p, t, labels) - cur_f1[t];
        char where[256];
        ev_entry_where(v->e, e, where, sizeof where);
        buf_add_col(o, rs->entries[e].text, 34);
        buf_addc(o, ' ');
        buf_add_col(o, where, 26);
        buf_printf(o, " %6zu %5zu %5zu %+8.3f\n", rows_of[e].n, tp[e], fp[e], delta);
    }
    /* overlaps of rules of different themes; a conflict: gold has one theme, not the other */
    buf_printf(o, "\n== rules of different themes that fire on the same %s sentences\n", p->name);
    buf_printf(o, "%-24s %-24s %8s %9s\n", "rule", "rule", "overlap", "conflict");
    size_t shown = 0;
    for (size_t a = 0; a < nr; a++)
        for (size_t b = a + 1; b < nr; b++) {
            int ta = rs->src.rules[a].theme, tb = rs->src.rules[b].theme;
            if (ta == tb)
                continue;
            size_t both = 0, conflict = 0;
            for (size_t i = 0; i < p->nrows; i++) {
                bool fa = false, fb = false;
                for (const int *f = p->rows[i].fired; f && *f >= 0; f++) {
                    fa |= (size_t)*f == a;
                    fb |= (size_t)*f == b;
                }
                if (fa && fb) {
                    both++;
                    bool ga = (p->rows[i].gold >> ta) & 1, gb = (p->rows[i].gold >> tb) & 1;
                    conflict += ga != gb;
                }
            }
            if (both) {
                buf_printf(o, "%-24s %-24s %8zu %9zu\n", rs->src.rules[a].name, rs->src.rules[b].name, both,
                           conflict);
                shown++;
            }
        }
    if (!shown)
        buf_adds(o, "(none)\n");
    buf_addc(o, '\n');
    for (size_t e = 0; e < ne; e++)
        free(rows_of[e].v);
    free(rows_of);
    free(tp);
    free(fp);
    free(order);
    free(labels);
}

/* ---- baseline */

typedef struct fig {
    char part[64], theme[64];
    double p, r, f;
} fig;

/* A line of the baseline's verdict: for people on standard output after the text figures; with
 * figures for programs (TSV, JSON) on standard error, so that standard output holds them only. */
static void verdict(ev *v, buf *o, tt_severity sev, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (v->cfg->format == TT_EVAL_TEXT)
        buf_printf(o, "%s\n", line);
    else
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, sev, NULL, 0, 0, -1, NULL, "%s", line);
}

static int compare_baseline(ev *v, buf *o)
{
    size_t len;
    char *data = read_file(v->cfg->baseline, &len);
    if (!data) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, v->cfg->baseline, 0, 0, -1, NULL,
                  "cannot read the baseline: %s", strerror(errno));
        return 2;
    }
    int regress = 0;
    buf moved = {0};
    char *cur = data;
    unsigned line = 0;
    bool other_table = false;
    for (char *l; (l = take_line(&cur));) {
        line++;
        char *f[9];
        int nf = split_tabs(l, f, 9);
        /* the figures' header; the agreement and changes tables that --format tsv adds after
         * them, each from its own header on, are no figures */
        if (nf >= 2 && strcmp(f[0], "part") == 0 && strcmp(f[1], "theme") == 0) {
            other_table = false;
            continue;
        }
        if (nf >= 3 && (strcmp(f[1], "part") == 0 || strcmp(f[1], "theme") == 0) &&
            (strcmp(f[0], "agreement") == 0 || strcmp(f[0], "changes") == 0 || strcmp(f[0], "changed") == 0))
            other_table = true;
        if (other_table || nf < 5)
            continue;
        fig b;
        snprintf(b.part, sizeof b.part, "%s", f[0]);
        snprintf(b.theme, sizeof b.theme, "%s", f[1]);
        b.p = atof(f[2]);
        b.r = atof(f[3]);
        b.f = atof(f[4]);
        part *p = NULL;
        for (size_t i = 0; i < v->nparts; i++)
            if (strcmp(v->parts[i].name, b.part) == 0)
                p = &v->parts[i];
        if (!p) {
            verdict(v, o, TT_ERROR, "regression: part %s of the baseline has no gold now", b.part);
            regress = 1;
            continue;
        }
        double cp, cr, cf;
        if (strcmp(b.theme, "segmenter") == 0) {
            cp = ratio(p->matched_ends, p->found_ends);
            cr = ratio(p->matched_ends, p->gold_ends);
            cf = cp + cr > 0 ? 2 * cp * cr / (cp + cr) : 0.0;
        } else if (strcmp(b.theme, "micro") == 0 || strcmp(b.theme, "macro") == 0) {
            counts micro;
            double macro[3];
            part_figures(v, p, &micro, macro);
            if (b.theme[1] == 'i')
                prf(&micro, &cp, &cr, &cf);
            else {
                cp = macro[0];
                cr = macro[1];
                cf = macro[2];
            }
        } else {
            int t = tt_engine_theme_index(v->e, b.theme, strlen(b.theme));
            if (t < 0) {
                verdict(v, o, TT_ERROR, "regression: theme %s of the baseline is not declared now", b.theme);
                regress = 1;
                continue;
            }
            prf(&p->theme[t], &cp, &cr, &cf);
        }
        const char *names[3] = {"precision", "recall", "f1"};
        double now[3] = {cp, cr, cf}, was[3] = {b.p, b.r, b.f};
        for (int k = 0; k < 3; k++) {
            if (now[k] < was[k] - 0.005) {
                verdict(v, o, TT_ERROR, "regression: %s %s %s %.4f, baseline %.4f (%s:%u)", b.part, b.theme,
                        names[k], now[k], was[k], v->cfg->baseline, line);
                regress = 1;
            }
            /* every figure that moved, up or down, for the rule author to see the whole effect:
             * compared as written (4 places), so that rounding alone is no move */
            char nows[32], wass[32];
            snprintf(nows, sizeof nows, "%.4f", now[k]);
            snprintf(wass, sizeof wass, "%.4f", was[k]);
            if (strcmp(nows, wass) != 0 && (v->theme < 0 || strcmp(b.theme, v->rs->src.themes[v->theme].name) == 0))
                buf_printf(&moved, "  %-5s %-20s %-9s %.4f -> %.4f (%+.4f)\n", b.part, b.theme, names[k], was[k],
                           now[k], now[k] - was[k]);
        }
    }
    if (moved.len) {
        verdict(v, o, TT_NOTE, "figures that moved since the baseline %s:", v->cfg->baseline);
        char *m = moved.data;
        for (char *l; (l = take_line(&m));)
            verdict(v, o, TT_NOTE, "%s", l);
    }
    buf_free(&moved);
    free(data);
    for (size_t i = 0; i < v->nparts; i++)
        if (v->parts[i].missing) {
            verdict(v, o, TT_ERROR, "regression: %zu gold document%s of %s missing", v->parts[i].missing,
                    v->parts[i].missing == 1 ? " is" : "s are", v->parts[i].name);
            regress = 1;
        }
    if (!regress)
        verdict(v, o, TT_NOTE, "baseline %s: no figure fell by more than 0.005", v->cfg->baseline);
    return regress ? 3 : 0;
}

/* ---- agreement: a second labelling of some gold sentences, Cohen's kappa per theme */

/* A gold sentence by name: document, span, and the row (rows of one key keep their order). */
typedef struct rowref {
    const char *doc;
    size_t start, end;
    size_t k; /* the row's index in its part */
} rowref;

/* Orders by document, span, then place in the part; key_cmp leaves the place out. */
static int key_cmp(const rowref *x, const rowref *y)
{
    int c = strcmp(x->doc, y->doc);
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

static int rowref_cmp(const void *a, const void *b)
{
    const rowref *x = a, *y = b;
    int c = key_cmp(x, y);
    return c ? c : x->k < y->k ? -1 : x->k > y->k;
}

/* The refs of p's rows whose document is known by doc and whose span is [start,end): *n of them
 * from the one returned, in their order in the part. The index is built at the first call. */
static const rowref *row_index(ev *v, part *p, const char *doc, size_t start, size_t end, size_t *n)
{
    if (!p->index) {
        p->index = xmalloc((p->nrows ? p->nrows : 1) * sizeof *p->index);
        for (size_t k = 0; k < p->nrows; k++)
            p->index[k] = (rowref){doc_key(&v->docs[p->rows[k].doc]), p->rows[k].start, p->rows[k].end, k};
        qsort(p->index, p->nrows, sizeof *p->index, rowref_cmp);
    }
    rowref key = {doc, start, end, 0};
    size_t lo = 0, hi = p->nrows; /* the first ref not below the key */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&p->index[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t e = lo;
    while (e < p->nrows && key_cmp(&p->index[e], &key) == 0)
        e++;
    *n = e - lo;
    return p->index + lo;
}

/* The gold row of doc [start,end), in any part; NULL when there is none. */
static row *find_row(ev *v, size_t doc, size_t start, size_t end)
{
    for (size_t i = 0; i < v->nparts; i++) {
        size_t n;
        const rowref *x = row_index(v, &v->parts[i], doc_key(&v->docs[doc]), start, end, &n);
        for (size_t k = 0; k < n; k++)
            if (v->parts[i].rows[x[k].k].doc == doc)
                return &v->parts[i].rows[x[k].k];
    }
    return NULL;
}

/* Reads FILE (doc start end labels, tab-separated, a header line) and prints, per theme, the
 * positives of the gold and of the second labelling, the observed agreement and Cohen's kappa
 * (n/a when the gold has fewer than 5 positives among the rows: kappa then says little).
 * Rows that cannot be read, name no gold sentence or repeat one are reported and skipped.
 * Returns 2 when FILE cannot be read or gives no sentence to compare, 1 when rows were skipped,
 * else 0. */
static int agreement(ev *v, buf *o)
{
    const char *path = v->cfg->agreement;
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot read: %s",
                  strerror(errno));
        return 2;
    }
    size_t nt = v->rs->src.nthemes, n = 0, skipped = 0;
    size_t both[MAX_THEMES] = {0}, gold_only[MAX_THEMES] = {0}, second_only[MAX_THEMES] = {0};
    unsigned line = 0;
    char *cur = data;
    for (char *l; (l = take_line(&cur));) {
        line++;
        if (!*l || (line == 1 && strncmp(l, "doc\tstart\tend\tlabels", 20) == 0))
            continue;
        char *f[5];
        int nf = split_tabs(l, f, 5);
        size_t s, e;
        uint64_t second;
        if (nf < 4 || !parse_digits(f[1], &s) || !parse_digits(f[2], &e)) {
            diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, line, 0, -1, NULL,
                      "expected doc, start, end, labels, tab-separated (offsets in digits)");
            skipped++;
            continue;
        }
        if (!parse_labels(v, f[3], &second, path, line, "second labels")) {
            skipped++;
            continue;
        }
        size_t d = doc_index(v, f[0]);
        row *r = d != SIZE_MAX && v->docs[d].text ? find_row(v, d, s, e) : NULL;
        const char *why = d != SIZE_MAX && !v->docs[d].text ? "its document was not found (see the warnings)"
                          : !r                             ? "it is not a sentence of the gold set"
                          : r->agreed                      ? "it was labelled above already"
                                                           : NULL;
        if (why) {
            diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_WARNING, path, line, 0, -1, NULL,
                      "%s [%zu,%zu) skipped: %s", f[0], s, e, why);
            skipped++;
            continue;
        }
        r->agreed = true;
        n++;
        for (size_t t = 0; t < nt; t++) {
            bool g = (r->gold >> t) & 1, a = (second >> t) & 1;
            both[t] += g && a;
            gold_only[t] += g && !a;
            second_only[t] += a && !g;
        }
    }
    free(data);
    if (n == 0) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL,
                  "no sentence of the gold set to compare (%zu row%s skipped)", skipped, skipped == 1 ? "" : "s");
        return 2;
    }
    tt_eval_format fmt = v->cfg->format;
    if (fmt == TT_EVAL_TEXT) {
        buf_printf(o, "== agreement (%s: %zu sentences labelled a second time", path, n);
        if (skipped)
            buf_printf(o, "; %zu row%s skipped", skipped, skipped == 1 ? "" : "s");
        buf_printf(o, ")\n%-22s %13s %8s %8s\n", "theme", "gold/second", "observed", "kappa");
    } else if (fmt == TT_EVAL_TSV) {
        buf_adds(o, "\nagreement\ttheme\tgold\tsecond\tboth\tobserved\tkappa\n");
    } else {
        buf_adds(o, ",\"agreement\":{\"file\":");
        buf_json_str(o, path, strlen(path));
        buf_printf(o, ",\"sentences\":%zu,\"skipped\":%zu,\"themes\":[", n, skipped);
    }
    bool first = true;
    for (size_t t = 0; t < nt; t++) {
        if (v->theme >= 0 && v->theme != (int)t)
            continue;
        size_t g = both[t] + gold_only[t], a = both[t] + second_only[t];
        size_t neither = n - both[t] - gold_only[t] - second_only[t];
        double po = ratio(both[t] + neither, n);
        double pe = ((double)g * a + (double)(n - g) * (n - a)) / ((double)n * n);
        /* kappa is undefined when chance agreement is total, and says little under 5 positives */
        const char *na = g < 5 ? "n/a (fewer than 5 gold positives)" : pe >= 1.0 ? "n/a (one label throughout)" : NULL;
        double kappa = na ? 0.0 : (po - pe) / (1.0 - pe);
        const char *name = v->rs->src.themes[t].name;
        if (fmt == TT_EVAL_TEXT) {
            char ga[48];
            snprintf(ga, sizeof ga, "%zu/%zu", g, a);
            if (na)
                buf_printf(o, "%-22s %13s %8.3f %s\n", name, ga, po, na);
            else
                buf_printf(o, "%-22s %13s %8.3f %8.3f\n", name, ga, po, kappa);
        } else if (fmt == TT_EVAL_TSV) {
            buf_printf(o, "agreement\t%s\t%zu\t%zu\t%zu\t%.4f\t", name, g, a, both[t], po);
            if (!na)
                buf_printf(o, "%.4f", kappa);
            buf_addc(o, '\n');
        } else {
            buf_adds(o, first ? "{\"theme\":" : ",{\"theme\":");
            buf_json_str(o, name, strlen(name));
            buf_printf(o, ",\"gold\":%zu,\"second\":%zu,\"both\":%zu,\"observed\":%.4f,\"kappa\":", g, a, both[t], po);
            if (na)
                buf_adds(o, "null}");
            else
                buf_printf(o, "%.4f}", kappa);
        }
        first = false;
    }
    if (fmt == TT_EVAL_JSON)
        buf_adds(o, "]}");
    else if (fmt == TT_EVAL_TEXT)
        buf_addc(o, '\n');
    return skipped ? 1 : 0;
}

/* ---- saved labels, and the changes since */

/* The first line of a saved labels file: which labels it holds. */
#define SAVED_HEADER "part\tdoc\tstart\tend\tlabels"
#define SAVED_HEADER_KEYWORDS "part\tdoc\tstart\tend\tkeyword labels"

/* Whether two paths name the same file, also when it does not exist yet: the same folder (by
 * its real path) and the same last component. */
static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char da[8192], db[8192];
    const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
    snprintf(da, sizeof da, "%.*s", ba ? (int)(ba - a) + 1 : 1, ba ? a : ".");
    snprintf(db, sizeof db, "%.*s", bb ? (int)(bb - b) + 1 : 1, bb ? b : ".");
    char *ra = realpath(da, NULL), *rb = realpath(db, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0 && strcmp(ba ? ba + 1 : a, bb ? bb + 1 : b) == 0;
    free(ra);
    free(rb);
    return same;
}

static void add_label_names(const ev *v, buf *o, uint64_t labels)
{
    bool first = true;
    for (size_t t = 0; t < v->rs->src.nthemes; t++)
        if ((labels >> t) & 1) {
            if (!first)
                buf_addc(o, ',');
            buf_adds(o, v->rs->src.themes[t].name);
            first = false;
        }
}

/* Writes part, doc, start, end and the labels each gold sentence got. Returns 0, or 2 when the
 * file cannot be written. */
static int save_labels(ev *v)
{
    const char *path = v->cfg->save_labels;
    FILE *f = fopen(path, "w");
    if (!f) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot write: %s",
                  strerror(errno));
        return 2;
    }
    buf o = {0};
    buf_adds(&o, (v->cfg->flags & TT_EVAL_KEYWORDS) ? SAVED_HEADER_KEYWORDS "\n" : SAVED_HEADER "\n");
    for (size_t i = 0; i < v->nparts; i++)
        for (size_t k = 0; k < v->parts[i].nrows; k++) {
            const row *r = &v->parts[i].rows[k];
            buf_printf(&o, "%s\t%s\t%zu\t%zu\t", v->parts[i].name, doc_key(&v->docs[r->doc]), r->start, r->end);
            add_label_names(v, &o, r->got);
            buf_addc(&o, '\n');
        }
    bool ok = (o.len == 0 || fwrite(o.data, 1, o.len, f) == o.len);
    ok = (fclose(f) == 0) && ok;
    buf_free(&o);
    if (!ok) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot write: %s",
                  strerror(errno));
        return 2;
    }
    return 0;
}

/* Reads labels saved by save_labels into the gold rows they name (the n-th saved row of a
 * sentence to the n-th gold row of it, where a text repeats). Saved rows that name no gold
 * sentence now are counted, not errors: the gold set may have grown or changed. Returns 0; 1
 * when rows could not be read; 2 when the file cannot be read or names no gold sentence at
 * all (a file not yet written is no error when this run saves to it). */
static int read_changes(ev *v)
{
    const char *path = v->cfg->changes;
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        if (errno == ENOENT && v->cfg->save_labels && same_file(v->cfg->save_labels, path)) {
            diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_NOTE, path, 0, 0, -1, NULL,
                      "no labels saved yet: this run saves them, the next one shows what moved");
            return 0;
        }
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot read: %s",
                  strerror(errno));
        return 2;
    }
    size_t bad = 0, matched = 0;
    unsigned line = 0;
    char *cur = data;
    for (char *l; (l = take_line(&cur));) {
        line++;
        if (line == 1 && (strcmp(l, SAVED_HEADER) == 0 || strcmp(l, SAVED_HEADER_KEYWORDS) == 0)) {
            bool kw = strcmp(l, SAVED_HEADER_KEYWORDS) == 0;
            if (kw != ((v->cfg->flags & TT_EVAL_KEYWORDS) != 0))
                diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_WARNING, path, line, 0, -1, NULL,
                          "it holds the labels of the %s; this run is of the %s", kw ? "keyword baseline" : "rules",
                          kw ? "rules" : "keyword baseline");
            continue;
        }
        if (!*l)
            continue;
        char *f[6];
        int nf = split_tabs(l, f, 6);
        size_t start, end;
        uint64_t labels;
        if (nf != 5 || !parse_digits(f[2], &start) || !parse_digits(f[3], &end)) {
            diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, line, 0, -1, NULL,
                      "expected part, doc, start, end, labels, tab-separated (offsets in digits), as "
                      "--save-labels writes them");
            bad++;
            continue;
        }
        if (!parse_labels(v, f[4], &labels, path, line, "saved labels")) {
            bad++;
            continue;
        }
        size_t pi = 0;
        while (pi < v->nparts && strcmp(v->parts[pi].name, f[0]) != 0)
            pi++;
        row *hit = NULL;
        if (pi < v->nparts) {
            part *p = &v->parts[pi];
            size_t n;
            const rowref *x = row_index(v, p, f[1], start, end, &n);
            for (size_t k = 0; k < n && !hit; k++)
                if (!p->rows[x[k].k].saved)
                    hit = &p->rows[x[k].k];
        }
        if (!hit) {
            v->unmatched++;
            continue;
        }
        hit->saved = true;
        hit->before = labels;
        matched++;
    }
    free(data);
    if (!matched) {
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_ERROR, path, 0, 0, -1, NULL,
                  "no sentence of the gold set to compare (%zu row%s name%s none, %zu cannot be read)",
                  v->unmatched, v->unmatched == 1 ? "" : "s", v->unmatched == 1 ? "s" : "", bad);
        return 2;
    }
    if (v->unmatched)
        diag_emit(v->cfg->diag, v->cfg->diag_userdata, TT_NOTE, path, 0, 0, -1, NULL,
                  "%zu saved row%s name%s no gold sentence now (the gold set changed since)", v->unmatched,
                  v->unmatched == 1 ? "" : "s", v->unmatched == 1 ? "s" : "");
    v->have_changes = true;
    return bad ? 1 : 0;
}

int tt_eval_run(const tt_engine *e, const tt_eval_config *cfg, tt_sink_fn sink, void *userdata)
{
    if (!e || !cfg || !cfg->gold || !sink || !eng_rules(e))
        return 2;
    ev v;
    memset(&v, 0, sizeof v);
    v.e = e;
    v.rs = eng_rules(e);
    v.cfg = cfg;
    v.theme = -1;
    if (cfg->theme) {
        v.theme = tt_engine_theme_index(v.e, cfg->theme, strlen(cfg->theme));
        if (v.theme < 0) {
            diag_emit(cfg->diag, cfg->diag_userdata, TT_ERROR, NULL, 0, 0, -1, NULL,
                      "--theme %s: not a declared theme", cfg->theme);
            return 2;
        }
    }
    struct stat st;
    if (stat(cfg->gold, &st) != 0) {
        diag_emit(cfg->diag, cfg->diag_userdata, TT_ERROR, cfg->gold, 0, 0, -1, NULL, "%s", strerror(errno));
        return 2;
    }
    v.sc = tt_scanner_new(e);
    collect(&v, cfg->gold);
    buf o = {0};
    if (cfg->format == TT_EVAL_TSV)
        buf_adds(&o, "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n");
    else if (cfg->format == TT_EVAL_JSON)
        buf_adds(&o, "{\"parts\":[");
    int status = 0;
    if (cfg->changes)
        status = read_changes(&v);
    for (size_t i = 0; i < v.nparts; i++) {
        part *p = &v.parts[i];
        run_part(&v, p, (cfg->flags & TT_EVAL_RULES) && i == 0);
        report_part(&v, p, &o, i == 0);
        if ((p->bad || p->missing) && status < 1)
            status = 1;
    }
    if (cfg->format == TT_EVAL_JSON)
        buf_adds(&o, "]");
    if (v.have_changes) {
        if (cfg->format == TT_EVAL_TSV)
            changes_tsv(&v, &o);
        else if (cfg->format == TT_EVAL_JSON)
            buf_printf(&o, ",\"changes_unmatched\":%zu", v.unmatched);
    }
    if (cfg->save_labels) {
        int sv = save_labels(&v);
        if (sv > status)
            status = sv;
        if (sv == 0 && cfg->format == TT_EVAL_TEXT)
            buf_printf(&o, "saved the labels of the gold sentences to %s\n", cfg->save_labels);
    }
    if (cfg->agreement) {
        int a = agreement(&v, &o);
        if (a > status)
            status = a;
    }
    if (cfg->format == TT_EVAL_JSON)
        buf_adds(&o, "}\n");
    if ((cfg->flags & TT_EVAL_RULES) && v.nparts && cfg->format == TT_EVAL_TEXT)
        rule_stats(&v, &v.parts[0], &o);
    if (cfg->write_baseline) {
        FILE *f = fopen(cfg->write_baseline, "w");
        if (!f) {
            diag_emit(cfg->diag, cfg->diag_userdata, TT_ERROR, cfg->write_baseline, 0, 0, -1, NULL, "%s",
                      strerror(errno));
            status = 2;
        } else {
            fputs("part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n", f);
            tt_eval_config c2 = *cfg;
            c2.format = TT_EVAL_TSV;
            v.cfg = &c2;
            int saved = v.theme;
            v.theme = -1;
            for (size_t i = 0; i < v.nparts; i++) {
                buf b = {0};
                part tmp = v.parts[i];
                tmp.errors = (buf){0};
                report_part(&v, &tmp, &b, i == 0);
                if (b.data)
                    fputs(b.data, f);
                buf_free(&b);
            }
            v.theme = saved;
            v.cfg = cfg;
            fclose(f);
            buf_printf(&o, "wrote the figures to %s\n", cfg->write_baseline);
        }
    }
    if (cfg->baseline && status != 2) {
        int b = compare_baseline(&v, &o);
        if (b)
            status = b;
    }
    if (o.len)
        sink(o.data, o.len, userdata);
    buf_free(&o);
    for (size_t i = 0; i < v.nparts; i++) {
        for (size_t k = 0; k < v.parts[i].nrows; k++)
            free(v.parts[i].rows[k].fired);
        free(v.parts[i].rows);
        free(v.parts[i].name);
        free(v.parts[i].folder);
        buf_free(&v.parts[i].errors);
        buf_free(&v.parts[i].changes);
        free(v.parts[i].index);
    }
    free(v.parts);
    for (size_t i = 0; i < v.ndocs; i++) {
        free(v.docs[i].name);
        free(v.docs[i].text);
    }
    free(v.docs);
    arena_free(&v.strings);
    tt_scanner_free(v.sc);
    return status;
}
