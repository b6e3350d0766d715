/*
 * match.c - runs a compiled rule set over one sentence: word atoms per token (cached per
 * word type), phrases through the phrase trie, regexes over the text, then every rule's
 * expression; labels, evidence, and for explanations what each rule had and lacked.
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REGEX_MATCHES 64 /* matches of one regex in one sentence */

typedef struct pstate {
    int node;
    unsigned next_pos, start_pos;
    size_t start_byte;
} pstate;

typedef struct tokpos {
    size_t start, end;
    unsigned pos, last;
} tokpos;

struct m_state {
    const ruleset *rs;
    m_hit *hits;
    size_t nhits, caphits;
    int *hit_next;      /* chains of hits per feature */
    int *feat_first;    /* per feature: first hit, or -1 */
    int *touched;
    size_t ntouched;
    pstate *ps, *nps;
    size_t nps_n, nps_cap, ps_n, ps_cap;
    tokpos *tk;
    size_t ntk, captk;
    const char *text;
    size_t start, end;
    /* evaluation */
    bool *fired, *vetoed;
    size_t *veto_count; /* per rule: sentences it matched and its unless vetoed, since m_new */
    int *mark;          /* per hit: stamp of the last evidence collection */
    int stamp;
    intlist ev_hits;
    tt_evidence *ev;
    size_t nev, capev;
    uint64_t labels;
    uint64_t prev; /* labels of the sentence before */
    /* regex */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    buf sane;
    bool *disabled; /* entries left out (eval's what-if), or NULL */
    const char *subject;   /* the sentence for pcre2, once computed */
    size_t subject_len;
    /* subject offset -> sentence offset, in segments of equal shift: segment k starts at
     * subject offset seg[k].at, which is sentence offset seg[k].orig */
    struct rx_seg {
        size_t at, orig;
    } *seg;
    size_t nseg, capseg;
    bool mapped;           /* the subject is a rewritten copy (else the sentence itself) */
    unsigned long sentence_no;
    unsigned long *regex_stamp; /* per feature: the sentence its regexes last ran on */
    tt_diag_fn diag;
    void *diag_ud;
    intlist near_a, near_b; /* scratch for near */
    bool *candidate;        /* per rule: one of its features found something */
    unsigned long *regex_open; /* per regex: the sentence its gate word was seen in */
    intlist opened;         /* regexes whose gate opened in this sentence */
    size_t show_base; /* added to offsets in explanations */
};

m_state *m_new(const ruleset *rs)
{
    m_state *m = xcalloc(1, sizeof *m);
    m->rs = rs;
    m->feat_first = xmalloc((rs->nfeatures ? rs->nfeatures : 1) * sizeof(int));
    for (size_t i = 0; i < rs->nfeatures; i++)
        m->feat_first[i] = -1;
    m->touched = xmalloc((rs->nfeatures ? rs->nfeatures : 1) * sizeof(int));
    m->fired = xcalloc(rs->src.nrules ? rs->src.nrules : 1, sizeof(bool));
    m->vetoed = xcalloc(rs->src.nrules ? rs->src.nrules : 1, sizeof(bool));
    m->veto_count = xcalloc(rs->src.nrules ? rs->src.nrules : 1, sizeof *m->veto_count);
    m->regex_stamp = xcalloc(rs->nfeatures ? rs->nfeatures : 1, sizeof(unsigned long));
    m->candidate = xcalloc(rs->src.nrules ? rs->src.nrules : 1, sizeof(bool));
    m->regex_open = xcalloc(rs->nregexes ? rs->nregexes : 1, sizeof(unsigned long));
    if (rs->nregexes) {
        m->md = pcre2_match_data_create(8, NULL);
        m->mctx = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(m->mctx, 1000000);
        pcre2_set_depth_limit(m->mctx, 10000);
        m->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
        if (m->jit)
            pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    }
    return m;
}

void m_free(m_state *m)
{
    if (!m)
        return;
    free(m->hits);
    free(m->hit_next);
    free(m->feat_first);
    free(m->touched);
    free(m->ps);
    free(m->nps);
    free(m->tk);
    free(m->fired);
    free(m->vetoed);
    free(m->veto_count);
    free(m->mark);
    free(m->ev_hits.v);
    free(m->ev);
    free(m->regex_stamp);
    free(m->candidate);
    free(m->regex_open);
    free(m->opened.v);
    free(m->near_a.v);
    free(m->near_b.v);
    free(m->disabled);
    buf_free(&m->sane);
    free(m->seg);
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    free(m);
}

void m_begin(m_state *m, const char *text, size_t start, size_t end, uint64_t prev)
{
    m->prev = prev;
    m->subject = NULL;
    m->sentence_no++;
    m->opened.n = 0;
    for (size_t i = 0; i < m->ntouched; i++)
        m->feat_first[m->touched[i]] = -1;
    m->ntouched = 0;
    m->nhits = 0;
    m->ps_n = 0;
    m->ntk = 0;
    m->text = text;
    m->start = start;
    m->end = end;
    m->labels = 0;
    m->nev = 0;
}

static void add_hit(m_state *m, int e, unsigned pos, unsigned last, size_t s, size_t en)
{
    if (m->disabled && m->disabled[e])
        return;
    int f = m->rs->entries[e].feature;
    if (m->nhits >= m->caphits) {
        m->caphits = m->caphits ? m->caphits * 2 : 64;
        m->hits = xrealloc(m->hits, m->caphits * sizeof *m->hits);
        m->hit_next = xrealloc(m->hit_next, m->caphits * sizeof(int));
        m->mark = xrealloc(m->mark, m->caphits * sizeof(int));
    }
    m_hit *h = &m->hits[m->nhits];
    h->feature = f;
    h->entry = e;
    h->pos = pos;
    h->last = last;
    h->start = s;
    h->end = en;
    m->mark[m->nhits] = 0;
    if (m->feat_first[f] < 0)
        m->touched[m->ntouched++] = f;
    m->hit_next[m->nhits] = m->feat_first[f];
    m->feat_first[f] = (int)m->nhits;
    m->nhits++;
}

static void il_push(intlist *l, int v)
{
    VEC_GROW(l->v, l->n, l->cap);
    l->v[l->n++] = v;
}

/* The stem and glob atoms of a word type, computed once per type and kept in the cache. */
static void word_atoms(const ruleset *rs, const tt_token *t, norm_word *w, norm_cache *cache)
{
    if (w->natoms >= 0)
        return;
    int tmp[64];
    int n = 0;
    const int *a = strmap_get(&rs->stem_atoms, w->stem, strlen(w->stem));
    if (a)
        tmp[n++] = *a;
    int nd = 0;
    for (const char *k = t->key; *k && n < 64; k++) {
        char ek[5];
        memcpy(ek, &nd, 4);
        ek[4] = *k;
        const int *v = strmap_get(&rs->glob_edges, ek, 5);
        if (!v)
            break;
        nd = *v;
        const intlist *l = &rs->glob_node_atoms[nd];
        for (size_t i = 0; i < l->n && n < 64; i++)
            tmp[n++] = l->v[i];
    }
    int *store = n ? norm_alloc(cache, (size_t)n * sizeof(int)) : NULL;
    if (n)
        memcpy(store, tmp, (size_t)n * sizeof(int));
    w->atoms = store;
    w->natoms = n;
}

static void feed_atom(m_state *m, const tt_token *t, int a)
{
    const ruleset *rs = m->rs;
    const intlist *gates = &rs->atom_gates[a];
    for (size_t i = 0; i < gates->n; i++)
        if (m->regex_open[gates->v[i]] != m->sentence_no) {
            m->regex_open[gates->v[i]] = m->sentence_no;
            il_push(&m->opened, gates->v[i]);
        }
    const intlist *es = &rs->atom_entries[a];
    for (size_t i = 0; i < es->n; i++)
        add_hit(m, es->v[i], t->pos, t->last, t->start, t->end);
    /* phrases that go on with this word */
    for (size_t i = 0; i < m->ps_n; i++) {
        pstate *s = &m->ps[i];
        if (s->next_pos != t->pos)
            continue;
        char key[8];
        memcpy(key, &s->node, 4);
        memcpy(key + 4, &a, 4);
        const int *child = strmap_get(&rs->phrase_edges, key, 8);
        if (!child)
            continue;
        const intlist *pe = &rs->phrase_node_entries[*child];
        for (size_t k = 0; k < pe->n; k++)
            add_hit(m, pe->v[k], s->start_pos, t->last, s->start_byte, t->end);
        if (rs->phrase_node_has_kids[*child]) {
            VEC_GROW(m->nps, m->nps_n, m->nps_cap);
            m->nps[m->nps_n++] = (pstate){*child, t->last + 1, s->start_pos, s->start_byte};
        }
    }
    /* phrases that start with it */
    int root = rs->atom_phrase_child[a];
    if (root >= 0) {
        VEC_GROW(m->nps, m->nps_n, m->nps_cap);
        m->nps[m->nps_n++] = (pstate){root, t->last + 1, t->pos, t->start};
    }
}

void m_token(m_state *m, const tt_token *t, norm_word *w, norm_cache *cache, int *exact_atom)
{
    const ruleset *rs = m->rs;
    if (rs->nregexes) { /* positions of regex matches are found among the tokens */
        VEC_GROW(m->tk, m->ntk, m->captk);
        m->tk[m->ntk++] = (tokpos){t->start, t->end, t->pos, t->last};
    }
    /* drop phrase states that can no longer go on */
    size_t keep = 0;
    for (size_t i = 0; i < m->ps_n; i++)
        if (m->ps[i].next_pos >= t->pos)
            m->ps[keep++] = m->ps[i];
    m->ps_n = keep;
    m->nps_n = 0;
    word_atoms(rs, t, w, cache);
    for (int i = 0; i < w->natoms; i++)
        feed_atom(m, t, w->atoms[i]);
    if (rs->has_exact) {
        /* the exact atom of the surface: cached with the word type when the caller has one */
        int a = exact_atom ? *exact_atom : -2;
        if (a == -2) {
            const int *p = strmap_get(&rs->exact_atoms, t->surface, strlen(t->surface));
            a = p ? *p : -1;
            if (exact_atom)
                *exact_atom = a;
        }
        if (a >= 0)
            feed_atom(m, t, a);
    }
    for (size_t i = 0; i < m->nps_n; i++) {
        VEC_GROW(m->ps, m->ps_n, m->ps_cap);
        m->ps[m->ps_n++] = m->nps[i];
    }
}

/* Word positions of the bytes [s,e): the tokens they overlap (or the next token's). */
static void positions(const m_state *m, size_t s, size_t e, unsigned *pos, unsigned *last)
{
    size_t lo = 0, hi = m->ntk;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->tk[mid].end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= m->ntk) {
        *pos = *last = m->ntk ? m->tk[m->ntk - 1].last + 1 : 0;
        return;
    }
    *pos = m->tk[lo].pos;
    *last = m->tk[lo].last;
    for (size_t i = lo; i < m->ntk && m->tk[i].start < e; i++)
        if (m->tk[i].last > *last)
            *last = m->tk[i].last;
}

/* True when text needs no rewriting for pcre2: printable ASCII with single spaces. */
static bool plain_ascii(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c > 0x7E || (c == ' ' && i + 1 < len && t[i + 1] == ' '))
            return false;
    }
    return true;
}

/* Subject offset at is sentence offset orig (a new segment when the shift changes). */
static void seg_push(m_state *m, size_t at, size_t orig)
{
    if (m->nseg && m->seg[m->nseg - 1].orig + (at - m->seg[m->nseg - 1].at) == orig)
        return;
    VEC_GROW(m->seg, m->nseg, m->capseg);
    m->seg[m->nseg++] = (struct rx_seg){at, orig};
}

/* The sentence offset of subject offset x. */
static size_t seg_map(const m_state *m, size_t x)
{
    size_t lo = 0, hi = m->nseg; /* the last segment starting at or before x */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->seg[mid].at <= x)
            lo = mid;
        else
            hi = mid;
    }
    return m->seg[lo].orig + (x - m->seg[lo].at);
}

static bool word_byte(char c)
{
    unsigned char b = (unsigned char)c;
    return b >= 0x80 || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

/* The sentence as pcre2 reads it, so that a regex written for the printed sentence matches
 * whatever the file's layout: each run of whitespace (a line wrap, indentation, a no-break
 * space) is one space, a word hyphenated across a line end is joined ("self-\\ndetermination"
 * is "self-determination", as the tokenizer joins it), U+2010 and U+2011 are '-', soft hyphens
 * are dropped, and each byte of ill-formed UTF-8 is '?'. The segments take match offsets back
 * to the sentence. Computed once per sentence; plain ASCII text is used as it is. */
static const char *regex_subject(m_state *m, size_t *len_out)
{
    if (m->subject) {
        *len_out = m->subject_len;
        return m->subject;
    }
    const char *t = m->text + m->start;
    size_t len = m->end - m->start;
    m->mapped = !plain_ascii(t, len);
    if (!m->mapped) {
        m->subject = t;
        m->subject_len = len;
        *len_out = len;
        return t;
    }
    m->sane.len = 0;
    m->nseg = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)t[i];
        if (b > 0x20 && b < 0x7F) { /* a run of printable ASCII, copied whole */
            size_t j = i + 1;
            while (j < len && (unsigned char)t[j] > 0x20 && (unsigned char)t[j] < 0x7F)
                j++;
            seg_push(m, m->sane.len, i);
            buf_add(&m->sane, t + i, j - i);
            i = j;
            continue;
        }
        int n;
        uint32_t c = u8_decode((const unsigned char *)t + i, (const unsigned char *)t + len, &n);
        if (c != U8_BAD && u8_is_space(c)) {
            size_t run = i;
            bool line_break = false;
            while (i < len) {
                c = u8_decode((const unsigned char *)t + i, (const unsigned char *)t + len, &n);
                if (c == U8_BAD || !u8_is_space(c))
                    break;
                line_break |= u8_is_line_break(c);
                i += (size_t)n;
            }
            size_t sl = m->sane.len;
            bool word_hyphen = sl >= 2 && m->sane.data[sl - 1] == '-' && word_byte(m->sane.data[sl - 2]);
            uint32_t next = i < len ? u8_decode((const unsigned char *)t + i, (const unsigned char *)t + len, &n) : 0;
            if (line_break && word_hyphen && next != U8_BAD && u8_is_lower(next))
                continue; /* a word hyphenated across a line end */
            seg_push(m, m->sane.len, run);
            buf_addc(&m->sane, ' ');
            continue;
        }
        if (c == 0xAD) { /* soft hyphen */
            i += (size_t)n;
            continue;
        }
        if (c == 0x2010 || c == 0x2011) {
            seg_push(m, m->sane.len, i);
            buf_addc(&m->sane, '-');
        } else if (c == U8_BAD) {
            for (int k = 0; k < n; k++) {
                seg_push(m, m->sane.len, i + (size_t)k);
                buf_addc(&m->sane, '?');
            }
        } else {
            seg_push(m, m->sane.len, i);
            buf_add(&m->sane, t + i, (size_t)n);
        }
        i += (size_t)n;
    }
    seg_push(m, m->sane.len, len);
    buf_reserve(&m->sane, 1);
    m->subject = m->sane.data ? m->sane.data : "";
    m->subject_len = m->sane.len;
    *len_out = m->subject_len;
    return m->subject;
}

/* A match [s, e) of the subject as a span of the sentence: from the first byte matched to the
 * end of the sentence's character that gave the last (a dropped soft hyphen or a joined line
 * break after it stays out). */
static void match_span(const m_state *m, const char *subject, size_t s, size_t e, size_t *os, size_t *oe)
{
    if (!m->mapped) {
        *os = s;
        *oe = e;
        return;
    }
    *os = seg_map(m, s);
    if (e == s) {
        *oe = *os;
        return;
    }
    size_t last = seg_map(m, e - 1);
    if (((unsigned char)subject[e - 1] & 0xC0) == 0x80) { /* inside a character copied as it is */
        *oe = last + 1;
        return;
    }
    const char *t = m->text + m->start;
    size_t len = m->end - m->start;
    int n;
    uint32_t c = u8_decode((const unsigned char *)t + last, (const unsigned char *)t + len, &n);
    *oe = last + (c == U8_BAD ? 1 : (size_t)n);
}

static void run_regex(m_state *m, size_t r)
{
    const ruleset *rs = m->rs;
    size_t len;
    const char *subject = regex_subject(m, &len);
    const regex_def *re = &rs->regexes[r];
    size_t off = 0;
    for (int k = 0; k < MAX_REGEX_MATCHES && off <= len; k++) {
        int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, off, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            if (!atomic_exchange(&rs->regex_warned[r], 1)) {
                const entry *e = &rs->entries[re->entry];
                PCRE2_UCHAR msg[128];
                pcre2_get_error_message(rc, msg, sizeof msg);
                buf who = {0};
                for (size_t q = 0; q < rs->src.nrules; q++)
                    if (rs->feature_in_match[q * rs->nfeatures + (size_t)e->feature])
                        buf_printf(&who, "%s%s", who.len ? ", " : "", rs->src.rules[q].name);
                diag_emit(m->diag, m->diag_ud, TT_WARNING, e->loc.file ? e->loc.file->path : NULL,
                          e->loc.line, 0, (long long)m->start, NULL,
                          "rule %s: regular expression /%s/ stopped on the sentence at byte %zu: %s; "
                          "it counts as not matching there (warned once)",
                          who.len ? who.data : "(unless clause)", e->text, m->start, (const char *)msg);
                buf_free(&who);
            }
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        size_t s = ov[0], en = ov[1];
        size_t os, oe;
        match_span(m, subject, s, en, &os, &oe);
        unsigned pos, last;
        positions(m, m->start + os, m->start + oe, &pos, &last);
        add_hit(m, re->entry, pos, last, m->start + os, m->start + oe);
        off = en > s ? en : en + 1;
        while (off < len && ((unsigned char)subject[off] & 0xC0) == 0x80)
            off++;
    }
}

/* Regexes run lazily: a feature's regexes only when an evaluation first asks for the feature
 * in this sentence (most rules fail on their words before they reach a regex). */
static void ensure_feature(m_state *m, int f)
{
    const ruleset *rs = m->rs;
    const intlist *rl = &rs->feature_regexes[f];
    if (!rl->n || m->regex_stamp[f] == m->sentence_no || m->end <= m->start)
        return;
    m->regex_stamp[f] = m->sentence_no;
    for (size_t i = 0; i < rl->n; i++) {
        int r = rl->v[i];
        if (rs->regexes[r].gate < 0 || m->regex_open[r] == m->sentence_no)
            run_regex(m, (size_t)r);
    }
}

/* ---- evaluation */

/* Hits of a positional expression (term, lexicon, regex, or an 'or' of them). */
static void positional_hits(m_state *m, const node *n, intlist *out)
{
    if (n->feature >= 0) {
        ensure_feature(m, n->feature);
        for (int h = m->feat_first[n->feature]; h >= 0; h = m->hit_next[h])
            il_push(out, h);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        positional_hits(m, n->kids[i], out);
}

/* Words between two matches (0 when adjacent or overlapping). */
static unsigned gap(const m_hit *a, const m_hit *b)
{
    if (b->pos > a->last)
        return b->pos - a->last - 1;
    if (a->pos > b->last)
        return a->pos - b->last - 1;
    return 0;
}

typedef struct posidx {
    unsigned pos, last;
    int hit;
} posidx;

static int posidx_cmp(const void *x, const void *y)
{
    const posidx *a = x, *b = y;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Is a hit of a within k words of a hit of b? With ev, adds the pairs (64 at most). Few hits:
 * every pair; many (a long sentence): b sorted by position and searched around each a, so the
 * cost stays near (a + b) log b. */
static bool near_pairs(m_state *m, const intlist *a, const intlist *b, unsigned k, intlist *ev)
{
    int pairs = 0;
    if (a->n * b->n <= 4096) {
        bool ok = false;
        for (size_t i = 0; i < a->n; i++)
            for (size_t j = 0; j < b->n; j++)
                if (gap(&m->hits[a->v[i]], &m->hits[b->v[j]]) <= k) {
                    ok = true;
                    if (!ev)
                        return true;
                    if (pairs++ < 64) {
                        il_push(ev, a->v[i]);
                        il_push(ev, b->v[j]);
                    }
                }
        return ok;
    }
    posidx *sb = xmalloc(b->n * sizeof *sb);
    unsigned maxspan = 0;
    for (size_t j = 0; j < b->n; j++) {
        const m_hit *h = &m->hits[b->v[j]];
        sb[j] = (posidx){h->pos, h->last, b->v[j]};
        if (h->last - h->pos > maxspan)
            maxspan = h->last - h->pos;
    }
    qsort(sb, b->n, sizeof *sb, posidx_cmp);
    bool ok = false;
    for (size_t i = 0; i < a->n && (ev || !ok); i++) {
        const m_hit *h = &m->hits[a->v[i]];
        unsigned lo = h->pos > k + maxspan + 1 ? h->pos - k - maxspan - 1 : 0;
        size_t l = 0, r = b->n;
        while (l < r) {
            size_t mid = (l + r) / 2;
            if (sb[mid].pos < lo)
                l = mid + 1;
            else
                r = mid;
        }
        for (size_t j = l; j < b->n && sb[j].pos <= h->last + k + 1; j++)
            if (gap(h, &m->hits[sb[j].hit]) <= k) {
                ok = true;
                if (!ev)
                    break;
                if (pairs++ < 64) {
                    il_push(ev, a->v[i]);
                    il_push(ev, sb[j].hit);
                }
            }
    }
    free(sb);
    return ok;
}

/* Evaluates n; when ev is not NULL, adds the hits that make it true. */
static bool eval(m_state *m, const node *n, intlist *ev)
{
    switch (n->kind) {
    case N_TERM:
    case N_LEX:
    case N_REGEX: {
        if (n->feature >= 0)
            ensure_feature(m, n->feature);
        int h = n->feature >= 0 ? m->feat_first[n->feature] : -1;
        if (h < 0)
            return false;
        if (ev)
            for (; h >= 0; h = m->hit_next[h])
                il_push(ev, h);
        return true;
    }
    case N_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (!eval(m, n->kids[i], NULL))
                return false;
        if (ev)
            for (size_t i = 0; i < n->nkids; i++)
                eval(m, n->kids[i], ev);
        return true;
    case N_OR: {
        bool any = false;
        for (size_t i = 0; i < n->nkids; i++)
            if (eval(m, n->kids[i], ev)) {
                any = true;
                if (!ev)
                    return true;
            }
        return any;
    }
    case N_NOT:
        return !eval(m, n->kids[0], NULL);
    case N_AFTER:
        return (m->prev >> n->n) & 1;
    case N_NOF: {
        int count = 0;
        for (size_t i = 0; i < n->nkids; i++)
            count += eval(m, n->kids[i], NULL);
        if (count < n->n)
            return false;
        if (ev)
            for (size_t i = 0; i < n->nkids; i++)
                eval(m, n->kids[i], ev);
        return true;
    }
    case N_NEAR: {
        intlist a = m->near_a, b = m->near_b; /* scratch, kept across calls */
        a.n = b.n = 0;
        positional_hits(m, n->kids[0], &a);
        positional_hits(m, n->kids[1], &b);
        bool ok = near_pairs(m, &a, &b, (unsigned)n->n, ev);
        m->near_a = a;
        m->near_b = b;
        return ok;
    }
    }
    return false;
}

static int ev_cmp(const void *a, const void *b)
{
    const tt_evidence *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

uint64_t m_end(m_state *m, tt_diag_fn diag, void *ud)
{
    const ruleset *rs = m->rs;
    m->diag = diag;
    m->diag_ud = ud;
    m->labels = 0;
    m->nev = 0;
    /* candidates: rules one of whose word features found something, and rules with regexes */
    for (size_t r = 0; r < rs->src.nrules; r++)
        m->candidate[r] = rs->rule_has_regex[r];
    for (size_t i = 0; i < m->ntouched; i++) {
        const intlist *rl = &rs->feature_rules[m->touched[i]];
        for (size_t k = 0; k < rl->n; k++)
            m->candidate[rl->v[k]] = true;
    }
    for (size_t i = 0; i < m->opened.n; i++) {
        const intlist *rl = &rs->feature_rules[rs->entries[rs->regexes[m->opened.v[i]].entry].feature];
        for (size_t k = 0; k < rl->n; k++)
            m->candidate[rl->v[k]] = true;
    }
    for (size_t r = 0; r < rs->src.nrules; r++) {
        const rule_def *rd = &rs->src.rules[r];
        m->fired[r] = m->vetoed[r] = false;
        if (!m->candidate[r] || !eval(m, rd->match, NULL))
            continue;
        if (rd->unless && eval(m, rd->unless, NULL)) {
            m->vetoed[r] = true;
            m->veto_count[r]++;
            continue;
        }
        m->fired[r] = true;
        m->labels |= 1ull << rd->theme;
        m->ev_hits.n = 0;
        eval(m, rd->match, &m->ev_hits);
        m->stamp++;
        for (size_t i = 0; i < m->ev_hits.n; i++) {
            int h = m->ev_hits.v[i];
            if (m->mark[h] == m->stamp)
                continue;
            m->mark[h] = m->stamp;
            VEC_GROW(m->ev, m->nev, m->capev);
            m->ev[m->nev++] = (tt_evidence){r, (size_t)rd->theme, m->hits[h].start, m->hits[h].end, (size_t)m->hits[h].entry};
        }
    }
    if (m->nev > 1)
        qsort(m->ev, m->nev, sizeof *m->ev, ev_cmp);
    return m->labels;
}

size_t m_veto_count(const m_state *m, size_t r)
{
    return r < m->rs->src.nrules ? m->veto_count[r] : 0;
}

const tt_evidence *m_evidence(const m_state *m, size_t *n)
{
    *n = m->nev;
    return m->ev;
}

/* ---- explanation */

static void quote_text(buf *out, const char *text, size_t s, size_t e)
{
    buf_addc(out, '"');
    u8_collapse(out, text, s, e);
    buf_addc(out, '"');
}

/* "@terrorism: "terrorism" [1310,1319), "extremist" [...]" for the hits of a feature. */
static void describe_hits(m_state *m, buf *out, const node *n, int max)
{
    intlist hl = {0};
    positional_hits(m, n, &hl);
    int shown = 0;
    for (size_t i = hl.n; i-- > 0 && shown < max; shown++) {
        const m_hit *h = &m->hits[hl.v[i]];
        buf_adds(out, shown ? ", " : "");
        quote_text(out, m->text, h->start, h->end);
        buf_printf(out, " [%zu,%zu)", h->start + m->show_base, h->end + m->show_base);
        const entry *e = &m->rs->entries[h->entry];
        if (m->rs->features[e->feature].lexicon)
            buf_printf(out, " by '%s' (%s:%u)", e->text, e->loc.file->path, e->loc.line);
    }
    if (hl.n > (size_t)max)
        buf_printf(out, " and %zu more", hl.n - (size_t)max);
    free(hl.v);
}

/* How close n came to being true (0..1), with what it had and lacked. */
static double partial(m_state *m, const node *n, buf *has, buf *lacks)
{
    switch (n->kind) {
    case N_TERM:
    case N_LEX:
    case N_REGEX:
        if (eval(m, n, NULL)) {
            buf_printf(has, "%s%s matched ", has->len ? "; " : "", n->src);
            describe_hits(m, has, n, 3);
            return 1.0;
        }
        buf_printf(lacks, "%s%s", lacks->len ? "; " : "", n->src);
        return 0.0;
    case N_AND: {
        double s = 0;
        for (size_t i = 0; i < n->nkids; i++)
            s += partial(m, n->kids[i], has, lacks);
        return s / (double)n->nkids;
    }
    case N_OR: {
        if (eval(m, n, NULL)) {
            for (size_t i = 0; i < n->nkids; i++)
                if (eval(m, n->kids[i], NULL))
                    return partial(m, n->kids[i], has, lacks);
        }
        buf_printf(lacks, "%sone of: %s", lacks->len ? "; " : "", n->src);
        return 0.0;
    }
    case N_AFTER:
        if (eval(m, n, NULL)) {
            buf_printf(has, "%s%s (the sentence before has it)", has->len ? "; " : "", n->src);
            return 1.0;
        }
        buf_printf(lacks, "%s%s (the sentence before does not have it)", lacks->len ? "; " : "", n->src);
        return 0.0;
    case N_NOT:
        if (eval(m, n->kids[0], NULL)) {
            buf_printf(lacks, "%s%s (but ", lacks->len ? "; " : "", n->src);
            describe_hits(m, lacks, n->kids[0], 2);
            buf_adds(lacks, " matched)");
            return 0.0;
        }
        return 1.0;
    case N_NOF: {
        int count = 0;
        for (size_t i = 0; i < n->nkids; i++)
            if (eval(m, n->kids[i], NULL)) {
                count++;
                partial(m, n->kids[i], has, lacks);
            }
        if (count >= n->n)
            return 1.0;
        buf_printf(lacks, "%s%d more of %s (%d of %d found)", lacks->len ? "; " : "", n->n - count,
                   n->src, count, n->n);
        return (double)count / n->n;
    }
    case N_NEAR: {
        if (eval(m, n, NULL)) {
            buf_printf(has, "%s%s matched: ", has->len ? "; " : "", n->src);
            describe_hits(m, has, n->kids[0], 2);
            buf_adds(has, " near ");
            describe_hits(m, has, n->kids[1], 2);
            return 1.0;
        }
        bool a = eval(m, n->kids[0], NULL), b = eval(m, n->kids[1], NULL);
        if (a && b) {
            intlist ha = {0}, hb = {0};
            positional_hits(m, n->kids[0], &ha);
            positional_hits(m, n->kids[1], &hb);
            unsigned best = ~0u;
            for (size_t i = 0; i < ha.n && i < 1000; i++)
                for (size_t j = 0; j < hb.n && j < 1000; j++) {
                    unsigned g = gap(&m->hits[ha.v[i]], &m->hits[hb.v[j]]);
                    if (g < best)
                        best = g;
                }
            free(ha.v);
            free(hb.v);
            buf_printf(has, "%s%s and %s both matched", has->len ? "; " : "", n->kids[0]->src,
                       n->kids[1]->src);
            buf_printf(lacks, "%s%s: the nearest have %u words between them (at most %d allowed)",
                       lacks->len ? "; " : "", n->src, best, n->n);
            return 0.75;
        }
        double s = partial(m, n->kids[0], has, lacks) + partial(m, n->kids[1], has, lacks);
        return s / 4.0;
    }
    }
    return 0.0;
}

/* Why theme th was or was not given: the rules that fired with what they matched; else
 * vetoed rules, and the rule that came nearest with what it had and lacked. */
void m_explain_theme(m_state *m, buf *out, size_t th)
{
    const ruleset *rs = m->rs;
    bool yes = (m->labels >> th) & 1;
    double best = -1;
    size_t best_rule = 0;
    buf best_has = {0}, best_lacks = {0};
    for (size_t r = 0; r < rs->src.nrules; r++) {
        const rule_def *rd = &rs->src.rules[r];
        if (rd->theme != (int)th)
            continue;
        if (m->fired[r]) {
            buf_printf(out, "  rule %s fired: ", rd->name);
            buf h = {0}, l = {0};
            partial(m, rd->match, &h, &l);
            buf_add(out, h.data ? h.data : "", h.len);
            buf_addc(out, '\n');
            buf_free(&h);
            buf_free(&l);
            continue;
        }
        if (yes)
            continue;
        buf h = {0}, l = {0};
        double s = partial(m, rd->match, &h, &l);
        if (m->vetoed[r]) {
            buf_printf(out, "  rule %s matched (%s) but was vetoed: unless ", rd->name, h.data ? h.data : "");
            buf uh = {0}, ul = {0};
            partial(m, rd->unless, &uh, &ul);
            buf_adds(out, uh.data ? uh.data : rd->unless->src);
            buf_addc(out, '\n');
            buf_free(&uh);
            buf_free(&ul);
            s = -1; /* reported already */
        }
        if (s > best) {
            best = s;
            best_rule = r;
            buf_free(&best_has);
            buf_free(&best_lacks);
            best_has = h;
            best_lacks = l;
        } else {
            buf_free(&h);
            buf_free(&l);
        }
    }
    if (!yes && best > 0) {
        buf_printf(out, "  nearest: rule %s (%.0f%%): ", rs->src.rules[best_rule].name, best * 100);
        if (best_has.len)
            buf_printf(out, "has %s; ", best_has.data);
        buf_printf(out, "lacks %s\n", best_lacks.data ? best_lacks.data : "?");
    } else if (!yes && best == 0) {
        buf_adds(out, "  no rule of this theme found anything\n");
    }
    buf_free(&best_has);
    buf_free(&best_lacks);
}

void m_explain(m_state *m, buf *out, const tt_token *toks, size_t ntoks, const char *text)
{
    const ruleset *rs = m->rs;
    buf_adds(out, "sentence: ");
    quote_text(out, text, m->start, m->end);
    buf_printf(out, " [%zu,%zu)\nwords:", m->start, m->end);
    for (size_t i = 0; i < ntoks; i++) {
        const tt_token *t = &toks[i];
        buf_printf(out, " %s%s", (t->flags & TT_TOK_PART) ? "+" : "", t->surface);
        if (strcmp(t->stem, t->fold) != 0) {
            if (strcmp(t->canon, t->key) != 0)
                buf_printf(out, "(%s>%s)", t->canon, t->stem);
            else
                buf_printf(out, "(%s)", t->stem);
        }
    }
    buf_adds(out, "\n  (a word's stem in brackets when it differs; a British spelling shows its American "
                  "form first; +part: a part of the hyphenated word before it)\n");
    for (size_t th = 0; th < rs->src.nthemes; th++) {
        buf_printf(out, "%s: %s\n", rs->src.themes[th].name, ((m->labels >> th) & 1) ? "YES" : "no");
        m_explain_theme(m, out, th);
    }
}

void m_disable_entry(m_state *m, int e, bool off)
{
    if (!m->disabled)
        m->disabled = xcalloc(m->rs->nentries ? m->rs->nentries : 1, sizeof(bool));
    m->disabled[e] = off;
}

uint64_t m_keyword_labels(m_state *m)
{
    for (size_t f = 0; f < m->rs->nfeatures; f++)
        ensure_feature(m, (int)f);
    /* the keyword baseline: a theme one of whose lexicons (in a match clause) found anything;
     * inline terms, operators, unless and rules that look at the sentence before are left out */
    const ruleset *rs = m->rs;
    uint64_t labels = 0;
    for (size_t i = 0; i < m->ntouched; i++) {
        int f = m->touched[i];
        if (!rs->features[f].lexicon)
            continue;
        for (size_t r = 0; r < rs->src.nrules; r++)
            if (rs->keyword_rule[r] && rs->feature_in_match[r * rs->nfeatures + (size_t)f])
                labels |= 1ull << rs->src.rules[r].theme;
    }
    return labels;
}

void m_show_base(m_state *m, size_t base)
{
    m->show_base = base;
}
