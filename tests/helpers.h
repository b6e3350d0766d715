/*
 * helpers.h - shared test helpers: reading files, running the CLI, the shared corpus.
 */
#ifndef THEMETAG_TEST_HELPERS_H
#define THEMETAG_TEST_HELPERS_H

#include <stddef.h>

#include "themetag.h"

/* Reads a whole file; NULL when it cannot be read. *len gets its size. Caller frees. */
char *th_read_file(const char *path, size_t *len);

/* Writes len bytes to a new temporary file; returns its path (caller frees and unlinks). */
char *th_temp_file(const char *data, size_t len);

/* Result of a CLI run. */
typedef struct th_run {
    int status; /* exit status, or 128+signal */
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
} th_run;

/* Runs the themetag binary ($THEMETAG_BIN, default build/themetag) with argv (NULL-ended,
 * without argv[0]); stdin_path: file for standard input, or NULL for /dev/null. */
th_run th_cli(const char *stdin_path, const char *const *argv);
/* The same with standard input taken from bytes. */
th_run th_cli_bytes(const char *data, size_t len, const char *const *argv);
void th_run_free(th_run *r);

/* The shared corpus folder (../shared/ungdc or $THEMETAG_CORPUS_ROOT), or NULL when absent;
 * a test that needs it calls th_need_corpus, which skips it with a visible notice. */
const char *th_corpus_root(void);
#define th_need_corpus()                                                                 \
    do {                                                                                 \
        if (!th_corpus_root())                                                           \
            cr_skip_test("needs ../shared/ungdc (the UN General Debate corpus): absent"); \
    } while (0)

/* In the sanitizer build, runs LeakSanitizer inside the test's own process (Criterion's
 * workers end without LeakSanitizer's exit check); its report makes `make asan` fail.
 * Elsewhere does nothing. Every suite calls it from its .fini. */
void th_leak_check(void);

/* Number of lines (rows) in s[0..n). */
size_t th_count_lines(const char *s, size_t n);

#endif

/* A temporary rule set: DIR/rules/themetag.rules holds rules; lexicons is a NULL-ended list
 * of name, text pairs written to DIR/lexicons/NAME.lex. Returns DIR (caller frees it and
 * removes the tree with th_rm_rf). */
char *th_rule_dir(const char *rules, const char *const *lexicons);
void th_rm_rf(const char *dir);

/* Diagnostics collected as text, one per line, in the CLI's format (compiler style for rule
 * files: FILE:LINE:COL: error: message), with the rule folder's path left out of FILE. */
typedef struct th_diags {
    char text[16384];
    size_t len;
    const char *strip; /* prefix removed from file names */
} th_diags;
void th_collect_diag(const tt_diag *d, void *ud);

/* Builds an engine over dir collecting diagnostics; NULL on failure. */
tt_engine *th_engine(const char *dir, unsigned flags, th_diags *dg);
