/*
 * main.c - the themetag command line: a client of themetag.h only.
 * Exit status: 0 success, 1 some input could not be processed, 2 usage or rule-file errors.
 */
#define _POSIX_C_SOURCE 200809L
#include "themetag.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: themetag [options] [FILE...]\n"
    "Tags every sentence of each FILE (or of standard input) with policy themes.\n"
    "\n"
    "  --input text|lines|jsonl   text: each FILE is one document (default);\n"
    "                             lines: every line is one sentence, already segmented;\n"
    "                             jsonl: one {\"id\": ..., \"text\": ...} object a line\n"
    "  --format text|tsv|jsonl    text for people (default on a terminal), tsv otherwise\n"
    "  --lenient                  replace invalid UTF-8 by U+FFFD (with a warning)\n"
    "                             instead of rejecting the document\n"
    "  -h, --help                 this help\n"
    "  --version                  the version\n"
    "\n"
    "Exit status: 0 success; 1 some input could not be processed; 2 usage errors.\n"
    "Environment: THEMETAG_DICT_DIR: folder of the hunspell en_US/en_GB dictionaries.\n";

static void print_diag(const tt_diag *d, void *ud)
{
    (void)ud;
    const char *sev = d->severity == TT_ERROR ? "error" : d->severity == TT_WARNING ? "warning"
                                                                                  : "note";
    if (d->col > 0) {
        /* a rule file: compiler style, with the source line and a caret */
        fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file ? d->file : "-", d->line, d->col, sev,
                d->message);
        if (d->source) {
            fprintf(stderr, "  %s\n  ", d->source);
            for (unsigned i = 1; i < d->col; i++)
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

typedef struct run {
    const tt_engine *engine;
    tt_scanner *scanner;
    tt_input_mode input;
    tt_format format;
    unsigned flags;
    int failed;
} run;

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
        const tt_sentence *sents;
        size_t n;
        int mode = r->input == TT_INPUT_LINES ? TT_ONE_SENTENCE : TT_SEGMENT;
        tt_scanner_classify(r->scanner, doc.text, doc.len, mode, &sents, &n);
        unsigned long first = r->input == TT_INPUT_LINES ? doc.line : 1;
        if (r->input == TT_INPUT_LINES && n == 0)
            continue;
        if (tt_write_sentences(r->engine, r->format, &doc, sents, n, first, write_stdout, NULL)) {
            fprintf(stderr, "themetag: cannot write output: %s\n", strerror(errno));
            exit(EXIT_INPUT);
        }
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

int main(int argc, char **argv)
{
    static const char *const inputs[] = {"text", "lines", "jsonl", NULL};
    static const char *const formats[] = {"text", "tsv", "jsonl", NULL};
    enum { OPT_INPUT = 256, OPT_FORMAT, OPT_LENIENT, OPT_VERSION };
    static const struct option longopts[] = {
        {"input", required_argument, NULL, OPT_INPUT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"lenient", no_argument, NULL, OPT_LENIENT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    run r = {0};
    r.input = TT_INPUT_TEXT;
    r.format = isatty(STDOUT_FILENO) ? TT_FORMAT_TEXT : TT_FORMAT_TSV;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_INPUT:
            r.input = (tt_input_mode)parse_choice("--input", optarg, inputs);
            break;
        case OPT_FORMAT:
            r.format = (tt_format)parse_choice("--format", optarg, formats);
            break;
        case OPT_LENIENT:
            r.flags |= TT_READ_LENIENT;
            break;
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
    tt_engine_config cfg = {0};
    cfg.diag = print_diag;
    tt_engine *engine;
    tt_status st = tt_engine_new(&cfg, &engine);
    if (st != TT_OK)
        return EXIT_USAGE;
    r.engine = engine;
    r.scanner = tt_scanner_new(engine);
    if (!r.scanner) {
        fprintf(stderr, "themetag: cannot create the Snowball English stemmer\n");
        tt_engine_free(engine);
        return EXIT_USAGE;
    }
    tt_write_header(r.format, write_stdout, NULL);
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
    tt_scanner_free(r.scanner);
    tt_engine_free(engine);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "themetag: cannot write output: %s\n", strerror(errno));
        return EXIT_INPUT;
    }
    return r.failed ? EXIT_INPUT : 0;
}
