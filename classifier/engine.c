/*
 * engine.c - the immutable engine (themes, shared dictionaries) and the per-thread scanner
 * that runs segmenter, tokenizer and normaliser over a text.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define SLICE 65536 /* bytes of a sentence analysed at once */

struct tt_engine {
    norm_dicts *dicts;
    char **themes;
    size_t ntheme;
};

struct tt_scanner {
    const tt_engine *engine;
    seg_state *seg;
    tok_state tok;
    norm_cache *cache;
    tt_token *toks;
    size_t ntok, captok;
    tt_sentence *sents;
    size_t nsent, capsent;
};

tt_status tt_engine_new(const tt_engine_config *cfg, tt_engine **out)
{
    static const tt_engine_config none = {0};
    if (!out)
        return TT_ERR_ARG;
    *out = NULL;
    if (!cfg)
        cfg = &none;
    norm_dicts *d;
    tt_status st = norm_dicts_new(cfg->dict_dir, cfg->diag, cfg->diag_userdata, &d);
    if (st != TT_OK)
        return st;
    tt_engine *e = xcalloc(1, sizeof *e);
    e->dicts = d;
    *out = e;
    return TT_OK;
}

void tt_engine_free(tt_engine *e)
{
    if (!e)
        return;
    norm_dicts_free(e->dicts);
    for (size_t i = 0; i < e->ntheme; i++)
        free(e->themes[i]);
    free(e->themes);
    free(e);
}

size_t tt_engine_theme_count(const tt_engine *e)
{
    return e ? e->ntheme : 0;
}

const char *tt_engine_theme_name(const tt_engine *e, size_t i)
{
    return e && i < e->ntheme ? e->themes[i] : NULL;
}

tt_scanner *tt_scanner_new(const tt_engine *e)
{
    if (!e)
        return NULL;
    norm_cache *c = norm_cache_new(e->dicts);
    if (!c)
        return NULL;
    tt_scanner *s = xcalloc(1, sizeof *s);
    s->engine = e;
    s->cache = c;
    s->seg = seg_new();
    return s;
}

void tt_scanner_free(tt_scanner *s)
{
    if (!s)
        return;
    seg_free(s->seg);
    tok_free(&s->tok);
    norm_cache_free(s->cache);
    free(s->toks);
    free(s->sents);
    free(s);
}

tt_status tt_scanner_segment(tt_scanner *s, const char *text, size_t len,
                             const tt_span **spans, size_t *n)
{
    if (!s || (!text && len) || !spans || !n)
        return TT_ERR_ARG;
    seg_run(s->seg, text ? text : "", len, spans, n);
    return TT_OK;
}

/* Tokenizes and normalises text[start..end) into s->toks. */
static void analyse(tt_scanner *s, const char *text, size_t start, size_t end)
{
    tok_run(&s->tok, text, start, end);
    if (s->tok.n > s->captok) {
        s->captok = s->tok.n;
        s->toks = xrealloc(s->toks, s->captok * sizeof *s->toks);
    }
    const char *str = s->tok.str.data;
    for (size_t i = 0; i < s->tok.n; i++) {
        const tok_raw *r = &s->tok.toks[i];
        tt_token *t = &s->toks[i];
        t->start = r->start;
        t->end = r->end;
        t->flags = r->flags;
        t->pos = r->pos;
        t->surface = str + r->surf_off;
        t->fold = str + r->fold_off;
        t->key = str + r->key_off;
        bool verbatim = (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0;
        const norm_word *w = norm_lookup(s->cache, t->key, r->key_len, verbatim);
        t->canon = w->canon;
        t->stem = w->stem;
    }
    s->ntok = s->tok.n;
}

tt_status tt_scanner_tokens(tt_scanner *s, const char *text, size_t start, size_t end,
                            const tt_token **toks, size_t *n)
{
    if (!s || !text || start > end || !toks || !n)
        return TT_ERR_ARG;
    analyse(s, text, start, end);
    *toks = s->toks;
    *n = s->ntok;
    return TT_OK;
}

tt_status tt_scanner_normalize(tt_scanner *s, const char *word, size_t len, const char **canon,
                               const char **stem)
{
    if (!s || !word)
        return TT_ERR_ARG;
    tok_run(&s->tok, word, 0, len);
    if (s->tok.n == 0)
        return TT_ERR_ARG;
    const tok_raw *r = &s->tok.toks[0];
    bool verbatim = (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0;
    const norm_word *w = norm_lookup(s->cache, s->tok.str.data + r->key_off, r->key_len, verbatim);
    if (canon)
        *canon = w->canon;
    if (stem)
        *stem = w->stem;
    return TT_OK;
}

void tt_scanner_cache_stats(const tt_scanner *s, size_t *types, size_t *hits)
{
    norm_stats(s->cache, types, hits);
}

static void add_sentence(tt_scanner *s, size_t a, size_t b)
{
    VEC_GROW(s->sents, s->nsent, s->capsent);
    tt_sentence *t = &s->sents[s->nsent++];
    t->start = a;
    t->end = b;
    t->labels = 0;
}

tt_status tt_scanner_classify(tt_scanner *s, const char *text, size_t len, int mode,
                              const tt_sentence **out, size_t *n)
{
    if (!s || (!text && len) || !out || !n)
        return TT_ERR_ARG;
    if (!text)
        text = "";
    s->nsent = 0;
    if (mode == TT_ONE_SENTENCE) {
        size_t a = u8_skip_space(text, 0, len);
        if (a < len) {
            /* trim the end: the last non-space code point */
            size_t b = a, i = a;
            while (i < len) {
                int cn;
                uint32_t c = u8_decode((const unsigned char *)text + i,
                                       (const unsigned char *)text + len, &cn);
                i += (size_t)cn;
                if (c == U8_BAD || !u8_is_space(c))
                    b = i;
            }
            add_sentence(s, a, b);
        }
    } else {
        const tt_span *sp;
        size_t ns;
        seg_run(s->seg, text, len, &sp, &ns);
        for (size_t i = 0; i < ns; i++)
            add_sentence(s, sp[i].start, sp[i].end);
    }
    for (size_t i = 0; i < s->nsent; i++) {
        /* a sentence is analysed in slices, so that a sentence of any length needs only a
         * slice's tokens at a time */
        size_t a = s->sents[i].start, end = s->sents[i].end;
        while (a < end) {
            size_t b = end - a > SLICE ? u8_cut_point(text, a + SLICE, end) : end;
            analyse(s, text, a, b);
            a = b;
        }
    }
    *out = s->sents;
    *n = s->nsent;
    return TT_OK;
}
