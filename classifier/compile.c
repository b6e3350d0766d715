/*
 * compile.c - rule files and lexicons into the immutable rule set the matcher reads.
 *
 * Every term is normalised exactly as text is (tokenizer, spelling variants, Snowball stems)
 * and becomes word atoms: a stem, an exact surface form, or a glob prefix of the folded
 * word. Atoms are found per word through hash maps and a byte trie of glob prefixes, and
 * phrases through a trie over atom ids, so the cost per word does not grow with the number
 * of lexicon entries. Rules keep their syntax trees, bound to features (a lexicon, or an
 * inline term or regex), for evaluation and explanation.
 */
#define _POSIX_C_SOURCE 200809L
#include "rules.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string map */

static void strmap_grow(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

int *strmap_get(const strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    uint64_t h = hash_bytes(key, len);
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        strmap_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return &s->value;
    }
}

int *strmap_put(strmap *m, const char *key, size_t len, arena *a)
{
    int *v = strmap_get(m, key, len);
    if (v)
        return v;
    if ((m->n + 1) * 4 > m->cap * 3)
        strmap_grow(m);
    uint64_t h = hash_bytes(key, len);
    size_t i = h & (m->cap - 1);
    while (m->slots[i].key)
        i = (i + 1) & (m->cap - 1);
    strmap_slot *s = &m->slots[i];
    s->key = arena_strndup(a, key, len);
    s->len = (uint32_t)len;
    s->hash = h;
    s->value = -1;
    m->n++;
    return &s->value;
}

void strmap_free(strmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static void il_add(intlist *l, int v)
{
    VEC_GROW(l->v, l->n, l->cap);
    l->v[l->n++] = v;
}

static bool il_has(const intlist *l, int v)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == v)
            return true;
    return false;
}

/* ---- the compiler's state */

typedef struct pattern {
    int atoms[16];
    unsigned n;
} pattern;

typedef struct cmp {
    ruleset *rs;
    diag_sink *d;
    norm_dicts *dicts;
    norm_cache *cache;
    tok_state tok;
    const char *dir;
    lexicon *lexs;
    size_t nlex, caplex;
    size_t cap_atoms, cap_entries, cap_features, cap_regex, cap_glob, cap_phrase;
    bool lint;
} cmp;

static int new_glob_node(cmp *c)
{
    ruleset *rs = c->rs;
    VEC_GROW(rs->glob_node_atoms, rs->nglob_nodes, c->cap_glob);
    memset(&rs->glob_node_atoms[rs->nglob_nodes], 0, sizeof(intlist));
    return (int)rs->nglob_nodes++;
}

static int new_phrase_node(cmp *c)
{
    ruleset *rs = c->rs;
    if (rs->nphrase_nodes >= c->cap_phrase) {
        c->cap_phrase = c->cap_phrase ? c->cap_phrase * 2 : 64;
        rs->phrase_node_entries = xrealloc(rs->phrase_node_entries, c->cap_phrase * sizeof(intlist));
        rs->phrase_node_has_kids = xrealloc(rs->phrase_node_has_kids, c->cap_phrase * sizeof(bool));
    }
    memset(&rs->phrase_node_entries[rs->nphrase_nodes], 0, sizeof(intlist));
    rs->phrase_node_has_kids[rs->nphrase_nodes] = false;
    return (int)rs->nphrase_nodes++;
}

static int new_atom(cmp *c)
{
    ruleset *rs = c->rs;
    if (rs->natoms >= c->cap_atoms) {
        c->cap_atoms = c->cap_atoms ? c->cap_atoms * 2 : 64;
        rs->atom_entries = xrealloc(rs->atom_entries, c->cap_atoms * sizeof(intlist));
        rs->atom_phrase_child = xrealloc(rs->atom_phrase_child, c->cap_atoms * sizeof(int));
    }
    memset(&rs->atom_entries[rs->natoms], 0, sizeof(intlist));
    rs->atom_phrase_child[rs->natoms] = -1;
    return (int)rs->natoms++;
}

static int atom_of(cmp *c, atom_kind k, const char *text, size_t len)
{
    ruleset *rs = c->rs;
    if (k == A_STEM || k == A_EXACT) {
        int *v = strmap_put(k == A_STEM ? &rs->stem_atoms : &rs->exact_atoms, text, len,
                            &rs->src.strings);
        if (*v < 0)
            *v = new_atom(c);
        if (k == A_EXACT)
            rs->has_exact = true;
        return *v;
    }
    /* glob: walk or extend the byte trie; the atom sits on the prefix's last node */
    int nd = 0;
    for (size_t i = 0; i < len; i++) {
        char key[5];
        memcpy(key, &nd, 4);
        key[4] = text[i];
        int *v = strmap_put(&rs->glob_edges, key, 5, &rs->src.strings);
        if (*v < 0)
            *v = new_glob_node(c);
        nd = *v;
    }
    intlist *l = &rs->glob_node_atoms[nd];
    if (l->n)
        return l->v[0];
    int a = new_atom(c);
    il_add(l, a);
    return a;
}

/* ---- terms to atoms */

#define TOK_KEY(i) (c->tok.str.data + c->tok.toks[i].key_off)
#define TOK_SURF(i) (c->tok.str.data + c->tok.toks[i].surf_off)

static int stem_atom_of_token(cmp *c, size_t i)
{
    const tok_raw *r = &c->tok.toks[i];
    bool verbatim = (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0;
    const norm_word *w = norm_lookup(c->cache, TOK_KEY(i), r->key_len, verbatim);
    return atom_of(c, A_STEM, w->stem, strlen(w->stem));
}

/* One word of a term (no spaces): its atom, and for a hyphenated stem word the atoms of its
 * parts (as an alternative phrase) in alt. Returns -1 after reporting an error. */
static int word_atom(cmp *c, const char *w, term_kind kind, src_loc at, pattern *alt)
{
    size_t n = strlen(w);
    if (kind == T_GLOB)
        n--; /* the '*' */
    tok_run(&c->tok, w, 0, n, 0);
    if (c->tok.n == 0) {
        rl_report(c->d, TT_ERROR, at, "'%s' has no letters or digits to match", w);
        return -1;
    }
    /* top-level tokens: wholes and simple words (not parts) */
    size_t top = 0, first = 0;
    for (size_t i = 0; i < c->tok.n; i++)
        if (!(c->tok.toks[i].flags & TT_TOK_PART)) {
            if (top == 0)
                first = i;
            top++;
        }
    if (top > 1 && kind != T_STEM) {
        rl_report(c->d, TT_ERROR, at, "'%s' is several words: write a \"quoted phrase\"", w);
        return -1;
    }
    if (kind == T_GLOB) {
        const char *key = TOK_KEY(first);
        if (strlen(key) < 2) {
            rl_report(c->d, TT_ERROR, at, "a glob needs at least two letters before '*'");
            return -1;
        }
        return atom_of(c, A_GLOB, key, strlen(key));
    }
    if (kind == T_EXACT) {
        const char *surf = TOK_SURF(first);
        return atom_of(c, A_EXACT, surf, strlen(surf));
    }
    if (top > 1) {
        /* "U.S.-led"-like words that tokenize apart: a phrase of their words */
        alt->n = 0;
        for (size_t i = 0; i < c->tok.n && alt->n < 16; i++)
            if (!(c->tok.toks[i].flags & TT_TOK_PART))
                alt->atoms[alt->n++] = stem_atom_of_token(c, i);
        return -2; /* the alternative is the only form */
    }
    if (c->tok.toks[first].flags & TT_TOK_COMPOUND) {
        alt->n = 0;
        for (size_t i = first + 1; i < c->tok.n && alt->n < 16; i++)
            if (c->tok.toks[i].flags & TT_TOK_PART)
                alt->atoms[alt->n++] = stem_atom_of_token(c, i);
    }
    return stem_atom_of_token(c, first);
}

/* Adds a pattern (one word or a phrase) that finds entry e. */
static void add_pattern(cmp *c, const pattern *p, int e)
{
    ruleset *rs = c->rs;
    if (p->n == 0)
        return;
    if (p->n == 1) {
        if (!il_has(&rs->atom_entries[p->atoms[0]], e))
            il_add(&rs->atom_entries[p->atoms[0]], e);
        return;
    }
    int nd = rs->atom_phrase_child[p->atoms[0]];
    if (nd < 0) {
        nd = new_phrase_node(c);
        rs->atom_phrase_child[p->atoms[0]] = nd;
    }
    for (unsigned i = 1; i < p->n; i++) {
        char key[8];
        memcpy(key, &nd, 4);
        memcpy(key + 4, &p->atoms[i], 4);
        int *v = strmap_put(&rs->phrase_edges, key, 8, &rs->src.strings);
        if (*v < 0) {
            int nn = new_phrase_node(c);
            v = strmap_get(&rs->phrase_edges, key, 8); /* the map did not move: same slot */
            *v = nn;
        }
        rs->phrase_node_has_kids[nd] = true;
        nd = *v;
    }
    if (!il_has(&rs->phrase_node_entries[nd], e))
        il_add(&rs->phrase_node_entries[nd], e);
}

/* Compiles a term into patterns for entry e. Returns false after an error. */
static bool compile_term(cmp *c, term_kind kind, const char *text, src_loc at, int e)
{
    pattern p = {{0}, 0}, alt = {{0}, 0};
    if (kind != T_PHRASE) {
        int a = word_atom(c, text, kind, at, &alt);
        if (a == -1)
            return false;
        if (a >= 0) {
            p.atoms[0] = a;
            p.n = 1;
            add_pattern(c, &p, e);
        }
        if (alt.n > 1)
            add_pattern(c, &alt, e);
        return true;
    }
    /* a phrase: words separated by spaces, each a stem, glob (w*) or exact (=W) word */
    char *copy = xstrdup(text);
    char *save = NULL;
    bool ok = true;
    for (char *w = strtok_r(copy, " \t", &save); w && ok; w = strtok_r(NULL, " \t", &save)) {
        term_kind k = T_STEM;
        if (w[0] == '=') {
            k = T_EXACT;
            w++;
        } else if (w[strlen(w) - 1] == '*') {
            k = T_GLOB;
        }
        pattern wa;
        int a = word_atom(c, w, k, at, &wa);
        if (a == -1) {
            ok = false;
        } else if (a == -2) {
            for (unsigned i = 0; i < wa.n && p.n < 16; i++)
                p.atoms[p.n++] = wa.atoms[i];
        } else if (p.n < 16) {
            p.atoms[p.n++] = a;
        }
    }
    free(copy);
    if (!ok)
        return false;
    if (p.n == 0) {
        rl_report(c->d, TT_ERROR, at, "an empty phrase matches nothing");
        return false;
    }
    if (p.n == 16)
        rl_report(c->d, TT_WARNING, at, "a phrase matches its first 16 words only");
    add_pattern(c, &p, e);
    return true;
}

static int new_feature(cmp *c, const char *name, bool is_lexicon, src_loc loc)
{
    ruleset *rs = c->rs;
    VEC_GROW(rs->features, rs->nfeatures, c->cap_features);
    feature *f = &rs->features[rs->nfeatures];
    memset(f, 0, sizeof *f);
    f->name = arena_strndup(&rs->src.strings, name, strlen(name));
    f->lexicon = is_lexicon;
    f->loc = loc;
    return (int)rs->nfeatures++;
}

static int new_entry(cmp *c, int feat, const char *text, const char *note, src_loc loc, int kind)
{
    ruleset *rs = c->rs;
    VEC_GROW(rs->entries, rs->nentries, c->cap_entries);
    entry *e = &rs->entries[rs->nentries];
    memset(e, 0, sizeof *e);
    e->feature = feat;
    e->text = (char *)text;
    e->note = (char *)note;
    e->loc = loc;
    e->kind = kind;
    e->regex = -1;
    feature *f = &rs->features[feat];
    f->entries = xrealloc(f->entries, (f->nentries + 1) * sizeof(int));
    f->entries[f->nentries++] = (int)rs->nentries;
    return (int)rs->nentries++;
}

/* The offset of the ']' that closes the character class opened at pat[i] (or n). */
static size_t class_end(const char *pat, size_t i, size_t n)
{
    i++;
    if (i < n && pat[i] == '^')
        i++;
    if (i < n && pat[i] == ']')
        i++;
    while (i < n && pat[i] != ']')
        i += pat[i] == '\\' ? 2 : 1;
    return i;
}

/* A run of at least three letters that every match of pat contains at the start of a word,
 * lower-cased into out: the regex is then run only on sentences with a word starting so. Only
 * runs outside groups and classes, after \b, ^ or whitespace, with no alternation at the top
 * level, count; a letter made optional by ?, * or { ends the run. */
static bool regex_literal(const char *pat, char *out, size_t cap)
{
    size_t best = 0, n = strlen(pat);
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == '\\') {
            i++;
        } else if (pat[i] == '[') { /* a class: nothing in it counts */
            i = class_end(pat, i, n);
        } else if (pat[i] == '(') {
            /* (?x), (?i) ... change how the pattern reads: no literal */
            if (i + 2 < n && pat[i + 1] == '?' && !strchr(":=!<>|", pat[i + 2]))
                return false;
            depth++;
        } else if (pat[i] == ')') {
            depth--;
        } else if (pat[i] == '|' && depth == 0) {
            return false;
        }
    }
    depth = 0;
    bool boundary = true; /* at the pattern's start a word may start */
    for (size_t i = 0; i < n;) {
        char ch = pat[i];
        if (ch == '\\' && i + 1 < n) {
            char e = pat[i + 1];
            boundary = e == 'b' || e == 's';
            i += 2;
            continue;
        }
        if (ch == '[') {
            i = class_end(pat, i, n) + 1;
            boundary = false;
            continue;
        }
        if (ch == '(' || ch == ')') {
            depth += ch == '(' ? 1 : -1;
            boundary = false;
            i++;
            continue;
        }
        bool letter = ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
        if (depth == 0 && letter && boundary) {
            size_t s = i;
            while (i < n && ((pat[i] | 0x20) >= 'a' && (pat[i] | 0x20) <= 'z'))
                i++;
            size_t e = i;
            if (i < n && (pat[i] == '?' || pat[i] == '*' || pat[i] == '{'))
                e--;
            if (e > s && e - s > best && e - s < cap) {
                best = e - s;
                for (size_t k = 0; k < best; k++)
                    out[k] = (char)(pat[s + k] | 0x20);
                out[best] = '\0';
            }
            boundary = false;
            continue;
        }
        if (ch == '+' || ch == '*' || ch == '?') {
            i++; /* a quantifier keeps what came before: \s+ still ends a word */
            continue;
        }
        boundary = ch == '^' || ch == ' ';
        i++;
    }
    /* words are matched by their key, which drops an acronym's plural s (ICTs -> ict) */
    if (best > 3 && out[best - 1] == 's')
        out[--best] = '\0';
    return best >= 3;
}

/* Compiles /pattern/flags; the column of an error points into the pattern. */
static bool compile_regex(cmp *c, const char *pat, const char *flags, src_loc at, int e)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;
    for (const char *f = flags; f && *f; f++) {
        if (*f == 'c')
            opts &= ~(uint32_t)PCRE2_CASELESS;
        else {
            rl_report(c->d, TT_ERROR, at, "unknown regular-expression flag '%c' (known: c = keep case)", *f);
            return false;
        }
    }
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        src_loc where = at;
        where.col += 1 + (unsigned)off; /* after the opening '/' */
        rl_report(c->d, TT_ERROR, where, "bad regular expression: %s (at offset %zu of the pattern)",
                  (const char *)msg, (size_t)off);
        return false;
    }
    ruleset *rs = c->rs;
    VEC_GROW(rs->regexes, rs->nregexes, c->cap_regex);
    regex_def *r = &rs->regexes[rs->nregexes];
    r->code = code;
    r->entry = e;
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* without JIT (unsupported CPU) it still matches */
    r->gate = -1;
    r->loc = at;
    char lit[64];
    if (regex_literal(pat, lit, sizeof lit)) {
        /* the regex can only match in a sentence with a word that starts with lit: a glob atom
         * for lit tells the matcher when to run it */
        r->gate = atom_of(c, A_GLOB, lit, strlen(lit));
    }
    rs->entries[e].regex = (int)rs->nregexes++;
    return true;
}

/* ---- where an ungated regex runs, for lint
 *
 * The matcher asks for a feature only when an evaluation reaches it: 'and' stops at its first
 * false part, 'unless' is asked only where 'match' is true, and a rule is only tried on a sentence
 * that has one of its words. A regex with no word to gate it therefore runs on every sentence only
 * if some rule can reach it without first needing a word (or the sentence before's theme). */

/* Whether feature f has a regex that no word gates. */
static bool has_ungated_regex(const ruleset *rs, int f)
{
    const intlist *rl = &rs->feature_regexes[f];
    for (size_t k = 0; k < rl->n; k++)
        if (rs->regexes[rl->v[k]].gate < 0)
            return true;
    return false;
}

/* Whether n can only be true in a sentence that has one of n's gated words (or, for 'after', a
 * sentence after one with the theme). */
static bool guards(const ruleset *rs, const node *n)
{
    switch (n->kind) {
    case N_TERM:
    case N_LEX:
    case N_REGEX:
        return n->feature >= 0 && !has_ungated_regex(rs, n->feature);
    case N_AFTER:
        return true;
    case N_AND:
    case N_NEAR:
        for (size_t i = 0; i < n->nkids; i++)
            if (guards(rs, n->kids[i]))
                return true;
        return false;
    case N_OR:
    case N_NOF:
        for (size_t i = 0; i < n->nkids; i++)
            if (!guards(rs, n->kids[i]))
                return false;
        return n->nkids > 0;
    case N_NOT:
        return false;
    }
    return false;
}

/* Marks the ungated regexes that an evaluation of n reaches with nothing guarding them. */
static void mark_unguarded(const ruleset *rs, const node *n, bool guarded, bool *unguarded)
{
    if (guarded)
        return;
    switch (n->kind) {
    case N_TERM:
    case N_LEX:
    case N_REGEX:
        if (n->feature >= 0) {
            const intlist *rl = &rs->feature_regexes[n->feature];
            for (size_t k = 0; k < rl->n; k++)
                if (rs->regexes[rl->v[k]].gate < 0)
                    unguarded[rl->v[k]] = true;
        }
        return;
    case N_AFTER:
        return;
    case N_AND: { /* evaluated in order, up to the first false part */
        bool g = false;
        for (size_t i = 0; i < n->nkids; i++) {
            mark_unguarded(rs, n->kids[i], g, unguarded);
            g = g || guards(rs, n->kids[i]);
        }
        return;
    }
    case N_OR:
    case N_NOF:
    case N_NEAR:
    case N_NOT:
        for (size_t i = 0; i < n->nkids; i++)
            mark_unguarded(rs, n->kids[i], false, unguarded);
        return;
    }
}

/* lint: a note for each regex that some rule runs on every sentence. */
static void note_ungated_regexes(cmp *c)
{
    const ruleset *rs = c->rs;
    const rule_src *src = &rs->src;
    bool *unguarded = xcalloc(rs->nregexes + 1, sizeof(bool));
    for (size_t r = 0; r < src->nrules; r++) {
        const rule_def *rd = &src->rules[r];
        mark_unguarded(rs, rd->match, false, unguarded);
        if (rd->unless)
            mark_unguarded(rs, rd->unless, guards(rs, rd->match), unguarded);
    }
    for (size_t i = 0; i < rs->nregexes; i++)
        if (unguarded[i])
            rl_report(c->d, TT_NOTE, rs->regexes[i].loc,
                      "this regular expression runs on every sentence: no word of 3 or more letters, outside "
                      "groups and alternations, starts every match, and the rules that use it reach it "
                      "without first needing a word (such a word lets the matcher skip sentences)");
    free(unguarded);
}

/* ---- lexicons */

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

/* Names of the lexicon files in dir/lexicons (NAME.lex), for suggestions and the unused check. */
static char **lexicon_names(const char *dir, size_t *n)
{
    *n = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/lexicons", dir);
    DIR *dp = opendir(path);
    if (!dp)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".lex") == 0) {
            VEC_GROW(names, *n, cap);
            names[(*n)++] = xstrndup(de->d_name, l - 4);
        }
    }
    closedir(dp);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static bool entry_key(cmp *c, const lex_entry *le, buf *key);

/* The feature of lexicon @name, loading and compiling it on first use; -1 on error. */
static int lexicon_feature(cmp *c, const char *name, src_loc at)
{
    ruleset *rs = c->rs;
    int *v = strmap_get(&rs->lexicons, name, strlen(name));
    if (v)
        return *v;
    char path[4096];
    snprintf(path, sizeof path, "%s/lexicons/%s.lex", c->dir, name);
    VEC_GROW(c->lexs, c->nlex, c->caplex);
    lexicon *lx = &c->lexs[c->nlex];
    if (!lex_load(&rs->src, path, name, lx, c->d)) {
        size_t n;
        char **names = lexicon_names(c->dir, &n);
        const char *best = NULL;
        size_t bd = 3;
        for (size_t i = 0; i < n; i++) {
            size_t dd = distance(name, names[i]);
            if (dd < bd) {
                bd = dd;
                best = names[i];
            }
        }
        if (best)
            rl_report(c->d, TT_ERROR, at, "unknown lexicon @%s (no file lexicons/%s.lex); did you mean @%s?",
                      name, name, best);
        else
            rl_report(c->d, TT_ERROR, at, "unknown lexicon @%s (no file lexicons/%s.lex)", name, name);
        free_names(names, n);
        int *slot = strmap_put(&rs->lexicons, name, strlen(name), &rs->src.strings);
        *slot = -1;
        return -1;
    }
    c->nlex++;
    buf fname = {0};
    buf_printf(&fname, "@%s", name);
    int feat = new_feature(c, fname.data, true, (src_loc){lx->file, 1, 1});
    buf_free(&fname);
    v = strmap_put(&rs->lexicons, name, strlen(name), &rs->src.strings);
    *v = feat;
    if (lx->n == 0) {
        rl_report(c->d, TT_ERROR, at, "lexicon @%s has no entries (%s)", name, path);
        return -1;
    }
    /* duplicates: entries that normalise to the same pattern */
    strmap seen = {0};
    for (size_t i = 0; i < lx->n; i++) {
        const lex_entry *le = &lx->entries[i];
        int e = new_entry(c, feat, le->text, le->note, le->loc, le->kind == 1 ? 2 : (le->term == T_PHRASE));
        bool ok = le->kind == 1 ? compile_regex(c, le->text, le->flags, le->loc, e)
                                : compile_term(c, le->term, le->text, le->loc, e);
        buf key = {0};
        if (ok && entry_key(c, le, &key)) {
            int *s = strmap_put(&seen, key.data, key.len, &rs->src.strings);
            if (*s >= 0) {
                const lex_entry *first = &lx->entries[*s];
                rl_report(c->d, TT_WARNING, le->loc,
                          "duplicate entry '%s': it matches what '%s' (line %u) matches", le->text,
                          first->text, first->loc.line);
            } else {
                *s = (int)i;
            }
        }
        buf_free(&key);
    }
    strmap_free(&seen);
    return feat;
}

/* A key naming what an entry matches (kind and normalised words), for duplicates. */
static bool entry_key(cmp *c, const lex_entry *le, buf *key)
{
    if (le->kind == 1) {
        buf_printf(key, "re:%s/%s", le->text, le->flags ? le->flags : "");
        return true;
    }
    buf_printf(key, "%d:", (int)le->term);
    char *copy = xstrdup(le->text);
    char *save = NULL;
    for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        term_kind k = le->term == T_PHRASE ? T_STEM : le->term;
        if (w[0] == '=') {
            k = T_EXACT;
            w++;
        }
        size_t n = strlen(w);
        if (n && w[n - 1] == '*') {
            k = T_GLOB;
            n--;
        }
        tok_run(&c->tok, w, 0, n, 0);
        for (size_t i = 0; i < c->tok.n; i++) {
            const tok_raw *r = &c->tok.toks[i];
            if (r->flags & TT_TOK_PART)
                continue;
            if (k == T_EXACT) {
                buf_adds(key, TOK_SURF(i));
            } else if (k == T_GLOB) {
                buf_adds(key, TOK_KEY(i));
                buf_addc(key, '*');
            } else {
                bool verbatim = (r->flags & (TT_TOK_ACRONYM | TT_TOK_NUMBER)) != 0;
                buf_adds(key, norm_lookup(c->cache, TOK_KEY(i), r->key_len, verbatim)->stem);
            }
            buf_addc(key, ' ');
        }
    }
    free(copy);
    return true;
}

/* ---- rules */

static int theme_index(const ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->src.nthemes; i++)
        if (strcmp(rs->src.themes[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void unknown_theme(cmp *c, const char *name, src_loc at)
{
    const ruleset *rs = c->rs;
    buf b = {0};
    for (size_t i = 0; i < rs->src.nthemes; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", rs->src.themes[i].name);
    rl_report(c->d, TT_ERROR, at, "unknown theme '%s' (declared: %s)", name,
              b.data ? b.data : "none; declare themes with 'theme NAME \"description\"'");
    buf_free(&b);
}


/* Terms, lexicons, regexes and 'or' of them: what has positions in a sentence. */
static bool positional(const node *n)
{
    if (n->kind == N_TERM || n->kind == N_LEX || n->kind == N_REGEX)
        return true;
    if (n->kind != N_OR)
        return false;
    for (size_t i = 0; i < n->nkids; i++)
        if (!positional(n->kids[i]))
            return false;
    return true;
}

static bool bind(cmp *c, node *n)
{
    ruleset *rs = c->rs;
    switch (n->kind) {
    case N_LEX:
        n->feature = lexicon_feature(c, n->text, n->loc);
        return n->feature >= 0;
    case N_TERM: {
        n->feature = new_feature(c, n->src, false, n->loc);
        int e = new_entry(c, n->feature, n->text, NULL, n->loc, n->term == T_PHRASE);
        return compile_term(c, n->term, n->text, n->loc, e);
    }
    case N_REGEX: {
        n->feature = new_feature(c, n->src, false, n->loc);
        int e = new_entry(c, n->feature, n->text, NULL, n->loc, 2);
        return compile_regex(c, n->text, n->flags, n->loc, e);
    }
    case N_AFTER: {
        int t = theme_index(rs, n->text);
        if (t < 0) {
            unknown_theme(c, n->text, n->loc);
            return false;
        }
        n->n = t;
        return true;
    }
    case N_NEAR:
        for (size_t i = 0; i < 2; i++) {
            if (!positional(n->kids[i])) {
                rl_report(c->d, TT_ERROR, n->kids[i]->loc,
                          "'near/%d' needs terms, lexicons, regexes or 'or' of them on both sides", n->n);
                return false;
            }
        }
        /* fall through */
    default: {
        bool ok = true;
        for (size_t i = 0; i < n->nkids; i++)
            ok = bind(c, n->kids[i]) && ok;
        (void)rs;
        return ok;
    }
    }
}

/* Does a rule's match have something positive to find? ("not x" alone would fire everywhere) */
static bool positive(const node *n)
{
    switch (n->kind) {
    case N_NOT:
    case N_AFTER: return false;
    case N_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (positive(n->kids[i]))
                return true;
        return false;
    case N_OR:
    case N_NOF:
        for (size_t i = 0; i < n->nkids; i++)
            if (!positive(n->kids[i]))
                return false;
        return true;
    default: return true;
    }
}

/* Does the expression look at the sentence before? */
static bool has_after(const node *n)
{
    if (n->kind == N_AFTER)
        return true;
    for (size_t i = 0; i < n->nkids; i++)
        if (has_after(n->kids[i]))
            return true;
    return false;
}

/* Features reached from a rule's match clause. */
static void collect_features(const node *n, intlist *out)
{
    if (n->feature >= 0 && !il_has(out, n->feature))
        il_add(out, n->feature);
    if (n->kind == N_NOT)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        collect_features(n->kids[i], out);
}

/* Features that alone make a rule fire: the match itself, or an alternative of a top-level
 * 'or' (a rule without 'unless'). */
static void sufficient_features(const rule_def *r, intlist *out)
{
    const node *n = r->match;
    if (r->unless)
        return;
    if (n->kind == N_OR) {
        for (size_t i = 0; i < n->nkids; i++)
            if (n->kids[i]->feature >= 0 && !il_has(out, n->kids[i]->feature))
                il_add(out, n->kids[i]->feature);
    } else if (n->feature >= 0 && !il_has(out, n->feature)) {
        il_add(out, n->feature);
    }
}

/* Warns about entries that a broader glob already matches where either alone gives the same
 * theme: the narrower entry adds nothing. */
static void shadow_check(cmp *c)
{
    ruleset *rs = c->rs;
    for (size_t t = 0; t < rs->src.nthemes; t++) {
        intlist feats = {0};
        for (size_t r = 0; r < rs->src.nrules; r++)
            if (rs->src.rules[r].theme == (int)t)
                sufficient_features(&rs->src.rules[r], &feats);
        /* glob atoms of this theme, with the entry that owns each */
        bool *theme_glob = xcalloc(rs->natoms ? rs->natoms : 1, sizeof(bool));
        int *glob_entry = xcalloc(rs->natoms ? rs->natoms : 1, sizeof(int));
        for (size_t f = 0; f < feats.n; f++) {
            const feature *ft = &rs->features[feats.v[f]];
            for (size_t k = 0; k < ft->nentries; k++) {
                const entry *en = &rs->entries[ft->entries[k]];
                size_t l = strlen(en->text);
                if (en->kind != 0 || l < 2 || en->text[l - 1] != '*')
                    continue;
                tok_run(&c->tok, en->text, 0, l - 1, 0);
                if (!c->tok.n)
                    continue;
                const char *key = TOK_KEY(0);
                int nd = 0;
                for (size_t i = 0; key[i] && nd >= 0; i++) {
                    char ek[5];
                    memcpy(ek, &nd, 4);
                    ek[4] = key[i];
                    int *v = strmap_get(&rs->glob_edges, ek, 5);
                    nd = v ? *v : -1;
                }
                if (nd >= 0 && rs->glob_node_atoms[nd].n) {
                    int a = rs->glob_node_atoms[nd].v[0];
                    theme_glob[a] = true;
                    glob_entry[a] = ft->entries[k];
                }
            }
        }
        for (size_t f = 0; f < feats.n; f++) {
            const feature *ft = &rs->features[feats.v[f]];
            if (!ft->lexicon)
                continue; /* an inline term is in one rule: its context is its own */
            for (size_t k = 0; k < ft->nentries; k++) {
                const entry *en = &rs->entries[ft->entries[k]];
                size_t l = strlen(en->text);
                bool glob = l && en->text[l - 1] == '*';
                if (en->kind != 0)
                    continue;
                const char *w = en->text[0] == '=' ? en->text + 1 : en->text;
                tok_run(&c->tok, w, 0, strlen(w) - (glob ? 1 : 0), 0);
                if (c->tok.n == 0 || (c->tok.n != 1 && !(c->tok.toks[0].flags & TT_TOK_COMPOUND)))
                    continue;
                const char *key = TOK_KEY(0);
                int nd = 0;
                /* a glob is shadowed by a shorter one: stop before its own last node */
                for (size_t i = 0; key[i] && !(glob && !key[i + 1]); i++) {
                    char ek[5];
                    memcpy(ek, &nd, 4);
                    ek[4] = key[i];
                    int *v = strmap_get(&rs->glob_edges, ek, 5);
                    if (!v)
                        break;
                    nd = *v;
                    const intlist *al = &rs->glob_node_atoms[nd];
                    if (al->n && theme_glob[al->v[0]] && glob_entry[al->v[0]] != ft->entries[k]) {
                        const entry *g = &rs->entries[glob_entry[al->v[0]]];
                        rl_report(c->d, TT_WARNING, en->loc,
                                  "entry '%s' is shadowed by the broader glob '%s' (%s:%u) in theme %s",
                                  en->text, g->text, g->loc.file->path, g->loc.line,
                                  rs->src.themes[t].name);
                        break;
                    }
                }
            }
        }
        free(theme_glob);
        free(glob_entry);
        free(feats.v);
    }
}

/* Words no dictionary knows (lint): a typo, or a domain word to list in
 * lexicons/domain-words.txt. */
static void spelling_check(cmp *c)
{
    ruleset *rs = c->rs;
    strmap known = {0};
    char path[4096];
    snprintf(path, sizeof path, "%s/lexicons/domain-words.txt", c->dir);
    FILE *f = fopen(path, "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            char *h = strchr(line, '#');
            if (h)
                *h = '\0';
            size_t n = strcspn(line, " \t\r\n");
            for (size_t i = 0; i < n; i++)
                line[i] = (char)((line[i] >= 'A' && line[i] <= 'Z') ? line[i] + 32 : line[i]);
            if (n)
                strmap_put(&known, line, n, &rs->src.strings);
        }
        fclose(f);
    }
    strmap reported = {0};
    size_t unknown = 0;
    for (size_t i = 0; i < rs->nentries; i++) {
        const entry *en = &rs->entries[i];
        if (en->kind == 2)
            continue;
        char *copy = xstrdup(en->text);
        char *save = NULL;
        for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
            if (w[0] == '=')
                w++;
            size_t n = strlen(w);
            if (n && w[n - 1] == '*')
                continue; /* a glob prefix is not a word */
            tok_run(&c->tok, w, 0, n, 0);
            for (size_t k = 0; k < c->tok.n; k++) {
                const tok_raw *r = &c->tok.toks[k];
                if ((r->flags & TT_TOK_COMPOUND) || (r->flags & TT_TOK_NUMBER))
                    continue;
                const char *surf = TOK_SURF(k);
                const char *fold = c->tok.str.data + r->fold_off;
                if (strmap_get(&known, fold, strlen(fold)) || strmap_get(&reported, fold, strlen(fold)))
                    continue;
                if (norm_spell_us(c->dicts, surf) || norm_spell_gb(c->dicts, surf) ||
                    norm_spell_us(c->dicts, fold) || norm_spell_gb(c->dicts, fold))
                    continue;
                strmap_put(&reported, fold, strlen(fold), &rs->src.strings);
                if (++unknown > 100)
                    continue; /* counted, reported below */
                buf sug = {0};
                if (unknown <= 30) /* hunspell's suggestions are slow: the first ones only */
                    norm_suggest(c->dicts, surf, &sug, 3);
                rl_report(c->d, TT_WARNING, en->loc,
                          "'%s' is in neither the en_US nor the en_GB dictionary%s%s%s; if it is "
                          "right, add it to lexicons/domain-words.txt",
                          surf, sug.len ? " (did you mean: " : "", sug.len ? sug.data : "",
                          sug.len ? "?)" : "");
                buf_free(&sug);
            }
        }
        free(copy);
    }
    if (unknown > 100)
        rl_report(c->d, TT_WARNING, (src_loc){rs->src.nfiles ? rs->src.files[0] : NULL, 0, 0},
                  "%zu more words are in no dictionary (the first 100 are listed above)", unknown - 100);
    strmap_free(&known);
    strmap_free(&reported);
}

ruleset *cmp_compile(const char *dir, norm_dicts *dicts, diag_sink *d, bool lint)
{
    ruleset *rs = xcalloc(1, sizeof *rs);
    cmp c;
    memset(&c, 0, sizeof c);
    c.rs = rs;
    c.d = d;
    c.dicts = dicts;
    c.dir = dir;
    c.lint = lint;
    c.cache = norm_cache_new(dicts);
    if (!c.cache) {
        rl_report(d, TT_ERROR, (src_loc){NULL, 0, 0}, "cannot create the Snowball English stemmer");
        free(rs);
        return NULL;
    }
    new_glob_node(&c); /* the root */
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/themetag.rules", dir);
    unsigned errors_before = d->errors;
    rp_parse_file(&rs->src, path, NULL, d);
    rule_src *src = &rs->src;
    if (src->bad_utf8_file) {
        tt_diag dg = {TT_ERROR, src->bad_utf8_file, 0, 0, (long long)src->bad_utf8_at, NULL, NULL};
        char msg[128];
        snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (rule and lexicon files are UTF-8)",
                 src->bad_utf8_at);
        dg.message = msg;
        d->errors++;
        if (d->fn)
            d->fn(&dg, d->ud);
    }
    /* themes */
    if (src->nthemes > MAX_THEMES)
        rl_report(d, TT_ERROR, src->themes[MAX_THEMES].loc, "more than %d themes", MAX_THEMES);
    for (size_t i = 0; i < src->nthemes; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(src->themes[i].name, src->themes[j].name) == 0)
                rl_report(d, TT_ERROR, src->themes[i].loc, "theme '%s' is declared twice (first at %s:%u)",
                          src->themes[i].name, src->themes[j].loc.file->path, src->themes[j].loc.line);
    if (src->nthemes == 0 && d->errors == errors_before)
        rl_report(d, TT_ERROR, (src_loc){src->nfiles ? src->files[0] : NULL, 1, 1},
                  "no themes declared (write: theme NAME \"description\")");
    /* rules */
    for (size_t i = 0; i < src->nrules; i++) {
        rule_def *r = &src->rules[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->name, src->rules[j].name) == 0) {
                rl_report(d, TT_ERROR, r->loc, "duplicate rule name '%s' (first defined at %s:%u)", r->name,
                          src->rules[j].loc.file->path, src->rules[j].loc.line);
                break;
            }
        r->theme = theme_index(rs, r->theme_name);
        if (r->theme < 0)
            unknown_theme(&c, r->theme_name, r->theme_loc);
        bind(&c, r->match);
        if (r->unless)
            bind(&c, r->unless);
        if (!positive(r->match))
            rl_report(d, TT_ERROR, r->match->loc,
                      "the match clause of rule '%s' must find something (it is only negative)", r->name);
    }
    for (size_t i = 0; i < src->nexamples; i++) {
        example_def *ex = &src->examples[i];
        ex->theme = theme_index(rs, ex->theme_name);
        if (ex->theme < 0)
            unknown_theme(&c, ex->theme_name, ex->loc);
    }
    for (size_t t = 0; t < src->nthemes; t++) {
        bool used = false;
        for (size_t i = 0; i < src->nrules && !used; i++)
            used = src->rules[i].theme == (int)t;
        if (!used && d->errors == errors_before)
            rl_report(d, TT_WARNING, src->themes[t].loc, "theme '%s' has no rules", src->themes[t].name);
    }
    rs->feature_in_match = xcalloc(src->nrules * rs->nfeatures + 1, sizeof(bool));
    rs->keyword_rule = xcalloc(src->nrules + 1, sizeof(bool));
    for (size_t r = 0; r < src->nrules; r++) {
        intlist fl = {0};
        collect_features(src->rules[r].match, &fl);
        for (size_t k = 0; k < fl.n; k++)
            rs->feature_in_match[r * rs->nfeatures + (size_t)fl.v[k]] = true;
        free(fl.v);
        rs->keyword_rule[r] = !has_after(src->rules[r].match);
    }
    rs->feature_regexes = xcalloc(rs->nfeatures + 1, sizeof(intlist));
    rs->feature_rules = xcalloc(rs->nfeatures + 1, sizeof(intlist));
    rs->rule_has_regex = xcalloc(src->nrules + 1, sizeof(bool));
    for (size_t i = 0; i < rs->nregexes; i++)
        il_add(&rs->feature_regexes[rs->entries[rs->regexes[i].entry].feature], (int)i);
    rs->atom_gates = xcalloc(rs->natoms + 1, sizeof(intlist));
    rs->regex_warned = xcalloc(rs->nregexes + 1, sizeof *rs->regex_warned);
    for (size_t i = 0; i < rs->nregexes; i++)
        if (rs->regexes[i].gate >= 0)
            il_add(&rs->atom_gates[rs->regexes[i].gate], (int)i);
    for (size_t r = 0; r < src->nrules; r++)
        for (size_t f = 0; f < rs->nfeatures; f++)
            if (rs->feature_in_match[r * rs->nfeatures + f]) {
                il_add(&rs->feature_rules[f], (int)r);
                if (has_ungated_regex(rs, (int)f))
                    rs->rule_has_regex[r] = true; /* an ungated regex: always a candidate */
            }
    if (d->errors == errors_before) {
        size_t n;
        char **names = lexicon_names(dir, &n);
        for (size_t i = 0; i < n; i++)
            if (!strmap_get(&rs->lexicons, names[i], strlen(names[i]))) {
                snprintf(path, sizeof path, "%s/lexicons/%s.lex", dir, names[i]);
                src_file *sf = rp_load(src, path);
                rl_report(d, TT_WARNING, (src_loc){sf, 1, 1}, "lexicon @%s is not used by any rule", names[i]);
            }
        free_names(names, n);
        shadow_check(&c);
        if (lint) {
            spelling_check(&c);
            note_ungated_regexes(&c);
        }
    }
    for (size_t i = 0; i < c.nlex; i++)
        lex_free(&c.lexs[i]);
    free(c.lexs);
    tok_free(&c.tok);
    norm_cache_free(c.cache);
    if (d->errors != errors_before) {
        cmp_free(rs);
        return NULL;
    }
    return rs;
}

void cmp_free(ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->natoms; i++)
        free(rs->atom_entries[i].v);
    free(rs->atom_entries);
    free(rs->atom_phrase_child);
    for (size_t i = 0; i < rs->nglob_nodes; i++)
        free(rs->glob_node_atoms[i].v);
    free(rs->glob_node_atoms);
    for (size_t i = 0; i < rs->nphrase_nodes; i++)
        free(rs->phrase_node_entries[i].v);
    free(rs->phrase_node_entries);
    free(rs->phrase_node_has_kids);
    for (size_t i = 0; i < rs->nfeatures; i++)
        free(rs->features[i].entries);
    free(rs->features);
    free(rs->entries);
    free(rs->feature_in_match);
    free(rs->keyword_rule);
    for (size_t f = 0; rs->feature_regexes && f < rs->nfeatures; f++) {
        free(rs->feature_regexes[f].v);
        free(rs->feature_rules[f].v);
    }
    free(rs->feature_regexes);
    free(rs->feature_rules);
    free(rs->rule_has_regex);
    for (size_t a = 0; rs->atom_gates && a < rs->natoms; a++)
        free(rs->atom_gates[a].v);
    free(rs->atom_gates);
    free((void *)rs->regex_warned);
    for (size_t i = 0; i < rs->nregexes; i++)
        pcre2_code_free(rs->regexes[i].code);
    free(rs->regexes);
    strmap_free(&rs->stem_atoms);
    strmap_free(&rs->exact_atoms);
    strmap_free(&rs->glob_edges);
    strmap_free(&rs->phrase_edges);
    strmap_free(&rs->lexicons);
    rp_free(&rs->src);
    free(rs);
}
