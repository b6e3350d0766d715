/*
 * fuzz_text.c - libFuzzer harness (make fuzz): any bytes as a document, through reader
 * (text, lines, JSONL; strict and lenient), segmenter, tokenizer, matcher and every writer.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "themetag.h"

static tt_engine *engine;
static tt_scanner *scanner;

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
    if (!engine) {
        tt_engine_config cfg = {0};
        cfg.rules_dir = getenv("THEMETAG_RULES") ? getenv("THEMETAG_RULES") : ".";
        if (tt_engine_new(&cfg, &engine) != TT_OK)
            abort();
        scanner = tt_scanner_new(engine);
    }
    for (int mode = 0; mode < 3; mode++) {
        FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
        if (!in)
            return 0;
        if (!size)
            fgetc(in); /* empty input */
        tt_reader *r = tt_reader_new(in, "fuzz", (tt_input_mode)mode, mode == 1 ? TT_READ_LENIENT : 0,
                                     NULL, NULL);
        tt_doc doc;
        tt_status st;
        while ((st = tt_reader_next(r, &doc)) != TT_END) {
            if (st != TT_OK) {
                if (st == TT_ERR_IO)
                    break;
                continue;
            }
            const tt_sentence *s;
            size_t n;
            tt_scanner_classify(scanner, doc.text, doc.len, mode == 1 ? TT_ONE_SENTENCE : TT_SEGMENT, &s, &n);
            tt_write_sentences(engine, (tt_format)mode, &doc, s, n, 1, sink, NULL);
            if (n)
                tt_scanner_explain(scanner, doc.text, s[0].start, s[0].end, sink, NULL);
        }
        tt_reader_free(r);
        fclose(in);
    }
    return 0;
}
