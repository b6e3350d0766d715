/*
 * normalize.c - spelling variants folded together, then Snowball English stems.
 *
 * A British spelling (organisation, programme, defence, counselling) becomes the American one
 * when en_GB knows the word, en_US does not, and a regular rewrite (our->or, is->iz, re->er,
 * ence->ense, mme->m, ll->l, l->ll, ae/oe->e, dgement->dgment) gives a word en_US knows.
 * The two hunspell handles belong to the engine and are shared under a mutex: each word type
 * reaches them once per scanner, since every scanner caches its results per word type.
 * A few words of the field whose Snowball stems collide with another word's get a stem of their
 * own (stem_overrides): "international" is not "internal", "universal" is not "university".
 */
#include "internal.h"

#include <hunspell.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The answers americanize() gave, shared by all scanners: with several threads a word type
 * reaches hunspell once a run, not once a thread. Guarded by the lock. */
typedef struct memo_slot {
    uint64_t hash;
    char *word;  /* NULL: empty */
    char *canon; /* NULL: the word is right as it is */
} memo_slot;

struct norm_dicts {
    Hunhandle *us, *gb;
    pthread_mutex_t lock;
    memo_slot *memo;
    size_t memo_cap, memo_n;
};

static bool readable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static Hunhandle *open_dict(const char *dir, const char *lang, tt_diag_fn diag, void *ud)
{
    char aff[4096], dic[4096];
    snprintf(aff, sizeof aff, "%s/%s.aff", dir, lang);
    snprintf(dic, sizeof dic, "%s/%s.dic", dir, lang);
    /* hunspell returns a handle that rejects every word when a file is missing */
    if (!readable(aff) || !readable(dic)) {
        diag_emit(diag, ud, TT_ERROR, !readable(aff) ? aff : dic, 0, 0, -1, NULL,
                  "hunspell dictionary not found (Debian package hunspell-%s)",
                  strcmp(lang, "en_US") == 0 ? "en-us" : "en-gb");
        return NULL;
    }
    return Hunspell_create(aff, dic);
}

tt_status norm_dicts_new(const char *dir, tt_diag_fn diag, void *ud, norm_dicts **out)
{
    *out = NULL;
    if (!dir)
        dir = getenv("THEMETAG_DICT_DIR");
    if (!dir || !*dir)
        dir = "/usr/share/hunspell";
    Hunhandle *us = open_dict(dir, "en_US", diag, ud);
    Hunhandle *gb = open_dict(dir, "en_GB", diag, ud);
    if (!us || !gb) {
        if (us)
            Hunspell_destroy(us);
        if (gb)
            Hunspell_destroy(gb);
        return TT_ERR_RESOURCE;
    }
    norm_dicts *d = xcalloc(1, sizeof *d);
    d->us = us;
    d->gb = gb;
    pthread_mutex_init(&d->lock, NULL);
    *out = d;
    return TT_OK;
}

void norm_dicts_free(norm_dicts *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->memo_cap; i++) {
        free(d->memo[i].word);
        free(d->memo[i].canon);
    }
    free(d->memo);
    Hunspell_destroy(d->us);
    Hunspell_destroy(d->gb);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

static bool spell(norm_dicts *d, Hunhandle *h, const char *w)
{
    pthread_mutex_lock(&d->lock);
    int ok = Hunspell_spell(h, w);
    pthread_mutex_unlock(&d->lock);
    return ok != 0;
}

bool norm_spell_us(norm_dicts *d, const char *w)
{
    return spell(d, d->us, w);
}

bool norm_spell_gb(norm_dicts *d, const char *w)
{
    return spell(d, d->gb, w);
}

void norm_suggest(norm_dicts *d, const char *word, buf *out, int max)
{
    pthread_mutex_lock(&d->lock);
    char **list = NULL;
    int n = Hunspell_suggest(d->us, &list, word);
    for (int i = 0; i < n && i < max; i++) {
        if (i)
            buf_adds(out, ", ");
        buf_adds(out, list[i]);
    }
    if (list)
        Hunspell_free_list(d->us, &list, n);
    pthread_mutex_unlock(&d->lock);
}

/* ---- British to American */

typedef struct rewrite {
    const char *from, *to;
    bool at_end;          /* only as the word's ending (after the suffixes below) */
} rewrite;

/* Suffixes that may follow a rewritten stem: centre|s, organis|ation|s, travell|ed ... */
static const char *const tails[] = {"",     "s",     "d",   "ed",     "es",      "ing",
                                    "er",   "ers",   "ation", "ations", "able",  "ment",
                                    "ments", "ly",   "al",  "ally",   "ful",     "hood",
                                    "hoods", "ite",  "ites", NULL};

static const rewrite rewrites[] = {
    {"our", "or", false},   {"ise", "ize", false},  {"isi", "izi", false},
    {"isa", "iza", false},  {"yse", "yze", false},  {"ysi", "yzi", false},
    {"tre", "ter", true},   {"bre", "ber", true},   {"tred", "tered", true},
    {"ence", "ense", false}, {"mme", "m", false},   {"lle", "le", false},
    {"lli", "li", false},   {"llo", "lo", false},   {"ae", "e", false},
    {"oe", "e", false},     {"dgement", "dgment", false}, {"eing", "ing", true},
    {"ogue", "og", true},   {"tise", "tice", true}, {NULL, NULL, false}};

/* Appends candidate spellings of w to out (NUL-separated), most specific first. */
static void candidates(const char *w, size_t n, buf *out)
{
    for (const rewrite *r = rewrites; r->from; r++) {
        size_t fl = strlen(r->from);
        if (r->at_end) {
            for (const char *const *t = tails; *t; t++) {
                size_t tl = strlen(*t);
                if (n < fl + tl + 2 || memcmp(w + n - tl, *t, tl) != 0 ||
                    memcmp(w + n - tl - fl, r->from, fl) != 0)
                    continue;
                buf_add(out, w, n - tl - fl);
                buf_adds(out, r->to);
                buf_add(out, w + n - tl, tl);
                buf_addc(out, '\0');
            }
            continue;
        }
        /* every occurrence but at the very start ("our" itself is a word) */
        for (size_t i = 1; i + fl <= n; i++) {
            if (memcmp(w + i, r->from, fl) != 0)
                continue;
            buf_add(out, w, i);
            buf_adds(out, r->to);
            buf_add(out, w + i + fl, n - i - fl);
            buf_addc(out, '\0');
        }
    }
    /* fulfil -> fulfill, enrolment -> enrollment: double the last single l */
    for (size_t i = n; i-- > 1;) {
        if (w[i] == 'l' && w[i - 1] != 'l' && (i + 1 >= n || w[i + 1] != 'l')) {
            buf_add(out, w, i + 1);
            buf_addc(out, 'l');
            buf_add(out, w + i + 1, n - i - 1);
            buf_addc(out, '\0');
            break;
        }
    }
}

static bool plain_word(const char *w, size_t n)
{
    if (n < 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(w[i] >= 'a' && w[i] <= 'z'))
            return false;
    return true;
}

static memo_slot *memo_find(norm_dicts *d, const char *w, size_t n, uint64_t h)
{
    size_t i = h & (d->memo_cap - 1);
    while (d->memo[i].word && !(d->memo[i].hash == h && strlen(d->memo[i].word) == n &&
                                memcmp(d->memo[i].word, w, n) == 0))
        i = (i + 1) & (d->memo_cap - 1);
    return &d->memo[i];
}

static void memo_grow(norm_dicts *d)
{
    size_t old = d->memo_cap;
    memo_slot *slots = d->memo;
    d->memo_cap = old ? old * 2 : 4096;
    d->memo = xcalloc(d->memo_cap, sizeof *d->memo);
    for (size_t i = 0; i < old; i++)
        if (slots[i].word)
            *memo_find(d, slots[i].word, strlen(slots[i].word), slots[i].hash) = slots[i];
    free(slots);
}

/* The American spelling of a lower-case word, or NULL when it is already right. */
static char *americanize(norm_dicts *d, const char *w, size_t n)
{
    if (!plain_word(w, n))
        return NULL;
    uint64_t h = hash_bytes(w, n);
    pthread_mutex_lock(&d->lock);
    if ((d->memo_n + 1) * 2 > d->memo_cap)
        memo_grow(d);
    memo_slot *s = memo_find(d, w, n, h);
    if (s->word) {
        char *r = s->canon ? xstrdup(s->canon) : NULL;
        pthread_mutex_unlock(&d->lock);
        return r;
    }
    char *found = NULL;
    if (!Hunspell_spell(d->us, w) && Hunspell_spell(d->gb, w)) {
        buf c = {0};
        candidates(w, n, &c);
        for (size_t i = 0; i < c.len; i += strlen(c.data + i) + 1)
            if (Hunspell_spell(d->us, c.data + i)) {
                found = xstrdup(c.data + i);
                break;
            }
        buf_free(&c);
    }
    s->hash = h;
    s->word = xstrndup(w, n);
    s->canon = found ? xstrdup(found) : NULL;
    d->memo_n++;
    pthread_mutex_unlock(&d->lock);
    return found;
}

/* ---- per-scanner cache */

typedef struct entry {
    uint64_t hash;
    const char *key; /* NULL: empty slot */
    uint32_t len;
    bool verbatim;
    norm_word *w;    /* in the arena: stays put when the table grows */
} entry;

struct norm_cache {
    norm_dicts *dicts;
    struct sb_stemmer *stemmer;
    entry *slots;
    size_t cap, used;
    size_t hits;
    arena strings;
};

norm_cache *norm_cache_new(norm_dicts *d)
{
    struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
    if (!st)
        return NULL;
    norm_cache *c = xcalloc(1, sizeof *c);
    c->dicts = d;
    c->stemmer = st;
    c->cap = 4096;
    c->slots = xcalloc(c->cap, sizeof(entry));
    return c;
}

void norm_cache_free(norm_cache *c)
{
    if (!c)
        return;
    sb_stemmer_delete(c->stemmer);
    free(c->slots);
    arena_free(&c->strings);
    free(c);
}

void norm_stats(const norm_cache *c, size_t *types, size_t *hits)
{
    if (types)
        *types = c->used;
    if (hits)
        *hits = c->hits;
}

static void grow(norm_cache *c)
{
    size_t cap = c->cap * 2;
    entry *slots = xcalloc(cap, sizeof(entry));
    for (size_t i = 0; i < c->cap; i++) {
        entry *e = &c->slots[i];
        if (!e->key)
            continue;
        size_t j = e->hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
}

/* Stems that Snowball gives to two words of different meaning, where the difference matters to
 * rules about international security: each word here keeps a stem of its own, so that a rule
 * term written with one does not match the other (the term is normalised the same way). Sorted
 * by word, for bsearch. */
static const struct stem_override {
    const char *word, *stem;
} stem_overrides[] = {
    {"conventional", "conventional"},       /* not "convention" */
    {"conventionally", "conventional"},
    {"integrity", "integrity"},             /* not "integration", "integral" */
    {"international", "internation"},       /* not "internal", "interns" */
    {"internationalism", "internation"},
    {"internationalization", "internationaliz"},
    {"internationalize", "internationaliz"},
    {"internationalized", "internationaliz"},
    {"internationally", "internation"},
    {"universal", "universal"},             /* not "university", "universe" */
    {"universality", "universal"},
    {"universally", "universal"},
};

static int override_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct stem_override *)elem)->word);
}

/* The stem of an override word, or NULL. */
static const char *stem_override(const char *w)
{
    const struct stem_override *o = bsearch(w, stem_overrides, sizeof stem_overrides / sizeof *stem_overrides,
                                            sizeof *stem_overrides, override_cmp);
    return o ? o->stem : NULL;
}

norm_word *norm_lookup(norm_cache *c, const char *key, size_t len, bool verbatim)
{
    uint64_t h = hash_bytes(key, len) ^ (verbatim ? 0x9e3779b97f4a7c15ull : 0);
    size_t i = h & (c->cap - 1);
    while (c->slots[i].key) {
        entry *e = &c->slots[i];
        if (e->hash == h && e->len == len && e->verbatim == verbatim &&
            memcmp(e->key, key, len) == 0) {
            c->hits++;
            return e->w;
        }
        i = (i + 1) & (c->cap - 1);
    }
    if ((c->used + 1) * 4 > c->cap * 3) {
        grow(c);
        return norm_lookup(c, key, len, verbatim);
    }
    entry *e = &c->slots[i];
    e->hash = h;
    e->len = (uint32_t)len;
    e->verbatim = verbatim;
    e->key = arena_strndup(&c->strings, key, len);
    norm_word *w = arena_alloc(&c->strings, sizeof *w);
    e->w = w;
    w->atoms = NULL;
    w->natoms = -1;
    if (verbatim || len == 0) {
        w->canon = w->stem = e->key;
    } else {
        char *us = c->dicts ? americanize(c->dicts, e->key, len) : NULL;
        w->canon = us ? arena_strndup(&c->strings, us, strlen(us)) : e->key;
        free(us);
        const char *over = stem_override(w->canon);
        const sb_symbol *s = over ? NULL
                                  : sb_stemmer_stem(c->stemmer, (const sb_symbol *)w->canon, (int)strlen(w->canon));
        if (over) {
            w->stem = over;
        } else if (s) {
            int sl = sb_stemmer_length(c->stemmer);
            w->stem = (sl == (int)strlen(w->canon) && memcmp(s, w->canon, (size_t)sl) == 0)
                          ? w->canon
                          : arena_strndup(&c->strings, (const char *)s, (size_t)sl);
        } else {
            w->stem = w->canon;
        }
    }
    c->used++;
    return w;
}

void *norm_alloc(norm_cache *c, size_t n)
{
    return arena_alloc(&c->strings, n);
}
