/*
 * fuzz_rules.c - libFuzzer harness (make fuzz): any bytes as a rule file (and, after a NUL
 * byte, as a lexicon @x), compiled with warnings (and now and then lint); when it compiles, a sentence is classified
 * and explained with it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "themetag.h"

static char dir[64];

static void put(const char *name, const unsigned char *d, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(d, 1, n, f);
        fclose(f);
    }
}

static int sink(const char *b, size_t n, void *ud)
{
    (void)b;
    (void)n;
    (void)ud;
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!dir[0]) {
        strcpy(dir, "/tmp/themetag-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        char p[128];
        snprintf(p, sizeof p, "%s/rules", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/lexicons", dir);
        mkdir(p, 0755);
    }
    const unsigned char *nul = memchr(data, 0, size);
    size_t rn = nul ? (size_t)(nul - data) : size;
    put("rules/themetag.rules", data, rn);
    put("lexicons/x.lex", nul ? nul + 1 : data, nul ? size - rn - 1 : 0);
    tt_engine_config cfg = {0};
    cfg.rules_dir = dir;
    /* lint (slow: it spell-checks every word) on one input in 16, for its analyses of the rules */
    cfg.flags = TT_ENGINE_WARNINGS | (size % 16 == 1 ? TT_ENGINE_LINT : 0);
    tt_engine *e = NULL;
    if (tt_engine_new(&cfg, &e) == TT_OK) {
        tt_scanner *s = tt_scanner_new(e);
        static const char text[] = "Young people fight terrorism online, said the U.N. in resolution 1373.";
        const tt_sentence *sent;
        size_t n;
        tt_scanner_classify(s, text, sizeof text - 1, TT_SEGMENT, &sent, &n);
        tt_scanner_explain(s, text, 0, sizeof text - 1, sink, NULL);
        tt_scanner_check_examples(s, NULL, NULL);
        tt_scanner_free(s);
        tt_engine_free(e);
    }
    return 0;
}
