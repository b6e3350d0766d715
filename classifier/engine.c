/*
 * engine.c - the immutable engine (compiled rules, shared dictionaries) and the per-thread
 * scanner that runs segmenter, tokenizer, normaliser and matcher over a text.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#define SLICE 65536 /* bytes of a sentence analysed at once */

struct tt_engine {
    norm_dicts *dicts;
    ruleset *rules; /* NULL: no themes */
    tt_diag_fn diag;
    void *diag_ud;
};

/* A word type as written (the tokenizer's fast path: ASCII letters and digits), with its
 * folded forms and normalisation: found by hashing the text's bytes, once a token. */
typedef struct surf_type {
    uint64_t hash;
    const char *surf, *fold, *key;
    uint32_t len;
    norm_word *w;
    int exact_atom; /* the rule set's exact atom for this surface; -2: not looked up */
} surf_type;

typedef struct type_slot {
    uint32_t tag; /* the hash's high half */
    uint32_t idx; /* index + 1 into types; 0: empty */
} type_slot;

struct tt_scanner {
    const tt_engine *engine;
    surf_type *types; /* dense; a type's index never changes, its address may */
    size_t ntypes, captypes, type_hits;
    type_slot *slots;
    size_t capslots;
    unsigned long long count_sentences, count_tokens;
    arena type_strings;
    seg_state *seg;
    tok_state tok;
    norm_cache *cache;
    m_state *match;
    tt_token *toks;
    size_t ntok, captok;
    tt_sentence *sents;
    size_t nsent, capsent;
    tt_evidence *ev;
    size_t nev, capev;
    uint64_t last_labels; /* of the last sentence classified, for TT_CONTINUE */
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
    e->diag = cfg->diag;
    e->diag_ud = cfg->diag_userdata;
    if (cfg->rules_dir) {
        diag_sink sink = {cfg->diag, cfg->diag_userdata, 0, 0,
                          (cfg->flags & (TT_ENGINE_WARNINGS | TT_ENGINE_LINT)) != 0};
        e->rules = cmp_compile(cfg->rules_dir, d, &sink, (cfg->flags & TT_ENGINE_LINT) != 0);
        if (!e->rules) {
            tt_engine_free(e);
            return TT_ERR_RULES;
        }
    }
    *out = e;
    return TT_OK;
}

void tt_engine_free(tt_engine *e)
{
    if (!e)
        return;
    cmp_free(e->rules);
    norm_dicts_free(e->dicts);
    free(e);
}

size_t tt_engine_theme_count(const tt_engine *e)
{
    return e && e->rules ? e->rules->src.nthemes : 0;
}

const char *tt_engine_theme_name(const tt_engine *e, size_t i)
{
    return i < tt_engine_theme_count(e) ? e->rules->src.themes[i].name : NULL;
}

const char *tt_engine_theme_description(const tt_engine *e, size_t i)
{
    return i < tt_engine_theme_count(e) ? e->rules->src.themes[i].desc : NULL;
}

size_t tt_engine_rule_count(const tt_engine *e)
{
    return e && e->rules ? e->rules->src.nrules : 0;
}

int tt_engine_theme_index(const tt_engine *e, const char *name, size_t len)
{
    for (size_t i = 0; i < tt_engine_theme_count(e); i++) {
        const char *t = e->rules->src.themes[i].name;
        if (strlen(t) == len && memcmp(t, name, len) == 0)
            return (int)i;
    }
    return -1;
}

long tt_engine_rule_index(const tt_engine *e, const char *name)
{
    for (size_t i = 0; i < tt_engine_rule_count(e); i++)
        if (strcmp(e->rules->src.rules[i].name, name) == 0)
            return (long)i;
    return -1;
}

const char *tt_engine_rule_name(const tt_engine *e, size_t i)
{
    return i < tt_engine_rule_count(e) ? e->rules->src.rules[i].name : NULL;
}

size_t tt_engine_rule_theme(const tt_engine *e, size_t i)
{
    return i < tt_engine_rule_count(e) ? (size_t)e->rules->src.rules[i].theme : 0;
}

const char *tt_engine_rule_note(const tt_engine *e, size_t i)
{
    return i < tt_engine_rule_count(e) ? e->rules->src.rules[i].note : NULL;
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
    s->tok.lazy = true;
    if (e->rules)
        s->match = m_new(e->rules);
    return s;
}

void tt_scanner_free(tt_scanner *s)
{
    if (!s)
        return;
    seg_free(s->seg);
    tok_free(&s->tok);
    norm_cache_free(s->cache);
    m_free(s->match);
    free(s->types);
    free(s->slots);
    arena_free(&s->type_strings);
    free(s->toks);
    free(s->sents);
    free(s->ev);
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

/* The word-type table: a compact array of slots (hash tag and index, 8 bytes) over a dense
 * array of types, so that a probe touches little memory and frequent types stay in cache. */
static void types_grow(tt_scanner *s)
{
    size_t cap = s->capslots ? s->capslots * 2 : 8192;
    type_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < s->ntypes; i++) {
        size_t j = s->types[i].hash & (cap - 1);
        while (slots[j].idx)
            j = (j + 1) & (cap - 1);
        slots[j].tag = (uint32_t)(s->types[i].hash >> 32);
        slots[j].idx = (uint32_t)i + 1;
    }
    free(s->slots);
    s->slots = slots;
    s->capslots = cap;
}

static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The word type of the ASCII word p[0..n): found, or folded and normalised once. */
static surf_type *surf_lookup(tt_scanner *s, const char *p, size_t n, uint32_t key_len, bool verbatim)
{
    if ((s->ntypes + 1) * 2 > s->capslots)
        types_grow(s);
    uint64_t h = hash_bytes(p, n);
    uint32_t tag = (uint32_t)(h >> 32);
    size_t i = h & (s->capslots - 1);
    for (;; i = (i + 1) & (s->capslots - 1)) {
        type_slot *sl = &s->slots[i];
        if (!sl->idx)
            break;
        if (sl->tag != tag)
            continue;
        surf_type *t = &s->types[sl->idx - 1];
        if (t->len == n && same_bytes(t->surf, p, n)) {
            s->type_hits++;
            return t;
        }
    }
    if (s->ntypes == s->captypes) {
        s->captypes = s->captypes ? s->captypes * 2 : 4096;
        s->types = xrealloc(s->types, s->captypes * sizeof *s->types);
    }
    s->slots[i].tag = tag;
    s->slots[i].idx = (uint32_t)s->ntypes + 1;
    surf_type *t = &s->types[s->ntypes++];
    t->hash = h;
    t->len = (uint32_t)n;
    t->surf = arena_strndup(&s->type_strings, p, n);
    char *fold = arena_strndup(&s->type_strings, p, n);
    for (size_t k = 0; k < n; k++)
        if (fold[k] >= 'A' && fold[k] <= 'Z')
            fold[k] = (char)(fold[k] + 32);
    t->fold = fold;
    t->key = key_len == n ? fold : arena_strndup(&s->type_strings, fold, key_len);
    t->w = norm_lookup(s->cache, t->key, key_len, verbatim);
    t->exact_atom = -2;
    return t;
}

/* Tokenizes and normalises text[start..end) into s->toks (positions from pos0), feeding the
 * matcher when there is one. */
static void analyse(tt_scanner *s, const char *text, size_t start, size_t end, unsigned pos0)
{
    tok_run(&s->tok, text, start, end, pos0);
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
        t->flags = r->flags & ~TOK_FAST;
        t->pos = r->pos;
        t->last = r->last;
        norm_word *w;
        int *exact = NULL;
        if (r->flags & TOK_FAST) {
            surf_type *st = surf_lookup(s, text + r->start, r->end - r->start, r->key_len,
                                              (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0);
            t->surface = st->surf;
            t->fold = st->fold;
            t->key = st->key;
            w = st->w;
            exact = &st->exact_atom;
        } else {
            t->surface = str + r->surf_off;
            t->fold = str + r->fold_off;
            t->key = str + r->key_off;
            bool verbatim = (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0;
            w = norm_lookup(s->cache, t->key, r->key_len, verbatim);
        }
        t->canon = w->canon;
        t->stem = w->stem;
        if (s->match)
            m_token(s->match, t, w, s->cache, exact);
    }
    s->ntok = s->tok.n;
    s->count_tokens += s->tok.n;
}

/* Analyses and matches one sentence; returns its labels. prev: the labels of the sentence
 * before it. */
static uint64_t classify_sentence(tt_scanner *s, const char *text, size_t start, size_t end, uint64_t prev)
{
    if (s->match)
        m_begin(s->match, text, start, end, prev);
    /* a sentence is analysed in slices, so that a sentence of any length needs only a slice's
     * tokens at a time; word positions run on across slices */
    unsigned pos = 0;
    size_t a = start;
    while (a < end) {
        size_t b = end - a > SLICE ? u8_cut_point(text, a + SLICE, end) : end;
        analyse(s, text, a, b, pos);
        if (s->ntok)
            pos = s->toks[s->ntok - 1].last + 1;
        a = b;
    }
    if (!s->match)
        return 0;
    return m_end(s->match, s->engine->diag, s->engine->diag_ud);
}

tt_status tt_scanner_tokens(tt_scanner *s, const char *text, size_t start, size_t end,
                            const tt_token **toks, size_t *n)
{
    if (!s || !text || start > end || !toks || !n)
        return TT_ERR_ARG;
    if (s->match)
        m_begin(s->match, text, start, end, 0);
    analyse(s, text, start, end, 0);
    *toks = s->toks;
    *n = s->ntok;
    return TT_OK;
}

tt_status tt_scanner_normalize(tt_scanner *s, const char *word, size_t len, const char **canon,
                               const char **stem)
{
    if (!s || !word)
        return TT_ERR_ARG;
    s->tok.lazy = false;
    tok_run(&s->tok, word, 0, len, 0);
    s->tok.lazy = true;
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
    size_t h = 0;
    norm_stats(s->cache, types, &h);
    if (hits)
        *hits = h + s->type_hits;
}

static void add_sentence(tt_scanner *s, size_t a, size_t b)
{
    VEC_GROW(s->sents, s->nsent, s->capsent);
    tt_sentence *t = &s->sents[s->nsent++];
    memset(t, 0, sizeof *t);
    t->start = a;
    t->end = b;
}

/* The span of text[0..len) without leading and trailing whitespace; false when empty. */
static bool trimmed(const char *text, size_t len, size_t *a, size_t *b)
{
    *a = u8_skip_space(text, 0, len);
    if (*a >= len)
        return false;
    size_t i = *a;
    *b = *a;
    while (i < len) {
        int cn;
        uint32_t c = u8_decode((const unsigned char *)text + i, (const unsigned char *)text + len, &cn);
        i += (size_t)cn;
        if (c == U8_BAD || !u8_is_space(c))
            *b = i;
    }
    return true;
}

tt_status tt_scanner_classify(tt_scanner *s, const char *text, size_t len, int mode,
                              const tt_sentence **out, size_t *n)
{
    if (!s || (!text && len) || !out || !n)
        return TT_ERR_ARG;
    if (!text)
        text = "";
    s->nsent = 0;
    s->nev = 0;
    uint64_t prev = (mode & TT_CONTINUE) ? s->last_labels : 0;
    if (mode & TT_ONE_SENTENCE) {
        size_t a, b;
        if (trimmed(text, len, &a, &b))
            add_sentence(s, a, b);
    } else {
        const tt_span *sp;
        size_t ns;
        seg_run(s->seg, text, len, &sp, &ns);
        for (size_t i = 0; i < ns; i++)
            add_sentence(s, sp[i].start, sp[i].end);
    }
    /* evidence goes into one array; sentences point into it once it stops moving */
    size_t *first = s->nsent ? xmalloc(s->nsent * sizeof *first) : NULL;
    for (size_t i = 0; i < s->nsent; i++) {
        tt_sentence *t = &s->sents[i];
        t->labels = classify_sentence(s, text, t->start, t->end, prev);
        prev = t->labels;
        first[i] = s->nev;
        if (s->match) {
            size_t ne;
            const tt_evidence *ev = m_evidence(s->match, &ne);
            if (s->nev + ne > s->capev) {
                s->capev = (s->nev + ne) * 2;
                s->ev = xrealloc(s->ev, s->capev * sizeof *s->ev);
            }
            if (ne)
                memcpy(s->ev + s->nev, ev, ne * sizeof *ev);
            s->nev += ne;
        }
        t->nevidence = s->nev - first[i];
    }
    for (size_t i = 0; i < s->nsent; i++)
        s->sents[i].evidence = s->ev ? s->ev + first[i] : NULL;
    s->last_labels = prev;
    s->count_sentences += s->nsent;
    free(first);
    *out = s->sents;
    *n = s->nsent;
    return TT_OK;
}

size_t tt_scanner_vetoes(const tt_scanner *s, size_t rule)
{
    return s && s->match ? m_veto_count(s->match, rule) : 0;
}

size_t tt_engine_example_count(const tt_engine *e)
{
    return e && e->rules ? e->rules->src.nexamples : 0;
}

tt_status tt_scanner_explain(tt_scanner *s, const char *text, size_t start, size_t end,
                             tt_sink_fn sink, void *userdata)
{
    if (!s || (!text && end) || !sink || start > end)
        return TT_ERR_ARG;
    size_t a, b;
    buf out = {0};
    if (!trimmed(text ? text + start : "", end - start, &a, &b)) {
        buf_adds(&out, "(an empty sentence)\n");
    } else if (!s->match) {
        buf_adds(&out, "(no rule set: nothing to explain)\n");
    } else {
        a += start;
        b += start;
        m_begin(s->match, text, a, b, 0);
        /* one slice: explanations are for sentences people read */
        analyse(s, text, a, b, 0);
        m_end(s->match, s->engine->diag, s->engine->diag_ud);
        m_explain(s->match, &out, s->toks, s->ntok, text);
    }
    int rc = sink(out.data ? out.data : "", out.len, userdata);
    buf_free(&out);
    return rc ? TT_ERR_IO : TT_OK;
}

size_t tt_scanner_check_examples(tt_scanner *s, tt_diag_fn diag, void *userdata)
{
    const ruleset *rs = s->engine->rules;
    if (!rs)
        return 0;
    size_t failed = 0;
    /* per rule: a positive example that it alone of its theme labels (so a change that breaks
     * the rule fails lint), for the note below */
    bool *needed = xcalloc(rs->src.nrules ? rs->src.nrules : 1, sizeof *needed);
    for (size_t i = 0; i < rs->src.nexamples; i++) {
        const example_def *ex = &rs->src.examples[i];
        const tt_sentence *sent;
        size_t n;
        tt_scanner_classify(s, ex->text, strlen(ex->text), TT_ONE_SENTENCE, &sent, &n);
        bool got = n && ((sent[0].labels >> ex->theme) & 1);
        if (got && ex->positive) {
            size_t only = ev_sole_rule(&sent[0], (size_t)ex->theme);
            if (only != SIZE_MAX)
                needed[only] = true;
        }
        if (got == ex->positive)
            continue;
        failed++;
        buf why = {0};
        if (got) {
            for (size_t k = 0; k < sent[0].nevidence; k++) {
                const tt_evidence *ev = &sent[0].evidence[k];
                if (ev->theme != (size_t)ex->theme)
                    continue;
                buf_printf(&why, "%s%s matched \"", why.len ? ", " : "", rs->src.rules[ev->rule].name);
                u8_collapse(&why, ex->text, ev->start, ev->end);
                buf_addc(&why, '"');
            }
        } else {
            buf_adds(&why, "no rule fired (see: themetag explain)");
        }
        char msg[2048];
        snprintf(msg, sizeof msg, "example %s %s: %s: \"%.200s\"",
                 ex->positive ? "should get" : "should not get", ex->theme_name, why.data, ex->text);
        tt_diag d = {TT_ERROR, ex->loc.file->path, ex->loc.line, ex->loc.col, -1, msg, NULL};
        if (diag)
            diag(&d, userdata);
        buf_free(&why);
    }
    for (size_t r = 0; r < rs->src.nrules && diag; r++) {
        const rule_def *rd = &rs->src.rules[r];
        if (needed[r] || !rs->keyword_rule[r]) /* keyword_rule: no 'after' (which needs the sentence before) */
            continue;
        char msg[512];
        snprintf(msg, sizeof msg,
                 "rule %s: no example is labelled %s by this rule alone, so lint would not notice it break",
                 rd->name, rd->theme_name);
        tt_diag d = {TT_NOTE, rd->loc.file->path, rd->loc.line, rd->loc.col, -1, msg, NULL};
        diag(&d, userdata);
    }
    free(needed);
    return failed;
}

const ruleset *eng_rules(const tt_engine *e)
{
    return e->rules;
}

m_state *eng_match(tt_scanner *s)
{
    return s->match;
}

size_t tt_engine_entry_count(const tt_engine *e)
{
    return e && e->rules ? e->rules->nentries : 0;
}

const char *tt_engine_entry_text(const tt_engine *e, size_t i)
{
    return i < tt_engine_entry_count(e) ? e->rules->entries[i].text : NULL;
}

const char *tt_engine_entry_group(const tt_engine *e, size_t i)
{
    if (i >= tt_engine_entry_count(e))
        return NULL;
    return e->rules->features[e->rules->entries[i].feature].name;
}

const char *tt_engine_entry_file(const tt_engine *e, size_t i, unsigned *line)
{
    if (i >= tt_engine_entry_count(e))
        return NULL;
    const entry *en = &e->rules->entries[i];
    if (line)
        *line = en->loc.line;
    return en->loc.file ? en->loc.file->path : NULL;
}

void tt_scanner_set_context(tt_scanner *s, uint64_t previous_labels)
{
    if (s)
        s->last_labels = previous_labels;
}

void eng_set_counts(tt_scanner *s, unsigned long long sentences, unsigned long long tokens)
{
    s->count_sentences = sentences;
    s->count_tokens = tokens;
}

void tt_scanner_counts(const tt_scanner *s, unsigned long long *sentences, unsigned long long *tokens)
{
    if (sentences)
        *sentences = s ? s->count_sentences : 0;
    if (tokens)
        *tokens = s ? s->count_tokens : 0;
}
