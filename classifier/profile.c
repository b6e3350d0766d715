/*
 * profile.c - what the rules do on text nobody labelled (themetag --stats FILE...): how many
 * sentences each theme gets, how many each rule labels and how many of those no other rule of
 * its theme labels (what the theme would lose without it), how many sentences each lexicon
 * entry or inline term gives evidence in, and which rules of different themes label the same
 * sentences. It is eval --stats for a corpus without gold: coverage and overlaps, as a rule
 * author needs them before an edit and after it.
 */
#define _XOPEN_SOURCE 700
#include "rules.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_ENTRIES 40 /* entries the text format lists; tsv and jsonl list all */
#define TEXT_PAIRS 20   /* rule pairs the text format lists */

struct tt_profile {
    const tt_engine *e;
    int theme; /* this theme's rules and entries only, or -1 */
    size_t nt, nr, ne;
    pthread_mutex_t lock;
    size_t docs, lines, sentences, labelled, multi;
    size_t theme_sents[MAX_THEMES];
    size_t *fires, *sole; /* per rule */
    size_t *vetoed;       /* per rule: sentences it matched and its unless vetoed */
    size_t *entry_sents;  /* per entry: sentences it is evidence in (for the theme shown) */
    size_t *pairs;        /* nr * nr, a < b: sentences both rules label */
};

tt_profile *tt_profile_new(const tt_engine *e, const char *theme)
{
    int t = theme ? tt_engine_theme_index(e, theme, strlen(theme)) : -1;
    if (theme && t < 0)
        return NULL;
    size_t nt = tt_engine_theme_count(e);
    tt_profile *p = xcalloc(1, sizeof *p);
    p->e = e;
    p->theme = t;
    p->nt = nt < MAX_THEMES ? nt : MAX_THEMES;
    p->nr = tt_engine_rule_count(e);
    p->ne = tt_engine_entry_count(e);
    p->fires = xcalloc(p->nr ? p->nr : 1, sizeof *p->fires);
    p->sole = xcalloc(p->nr ? p->nr : 1, sizeof *p->sole);
    p->vetoed = xcalloc(p->nr ? p->nr : 1, sizeof *p->vetoed);
    p->entry_sents = xcalloc(p->ne ? p->ne : 1, sizeof *p->entry_sents);
    p->pairs = xcalloc(p->nr ? p->nr * p->nr : 1, sizeof *p->pairs);
    pthread_mutex_init(&p->lock, NULL);
    return p;
}

void tt_profile_free(tt_profile *p)
{
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    free(p->fires);
    free(p->sole);
    free(p->vetoed);
    free(p->entry_sents);
    free(p->pairs);
    free(p);
}

void tt_profile_add_vetoes(tt_profile *p, const tt_scanner *sc)
{
    pthread_mutex_lock(&p->lock);
    for (size_t r = 0; r < p->nr; r++)
        p->vetoed[r] += tt_scanner_vetoes(sc, r);
    pthread_mutex_unlock(&p->lock);
}

static bool shown_theme(const tt_profile *p, size_t t)
{
    return p->theme < 0 || (size_t)p->theme == t;
}

/* Whether evidence[0..k) already names rule r. */
static bool rule_seen(const tt_evidence *ev, size_t k, size_t r)
{
    for (size_t q = 0; q < k; q++)
        if (ev[q].rule == r)
            return true;
    return false;
}

/* Whether evidence[0..k) already names entry en for a theme shown. */
static bool entry_seen(const tt_profile *p, const tt_evidence *ev, size_t k, size_t en)
{
    for (size_t q = 0; q < k; q++)
        if (ev[q].entry == en && shown_theme(p, ev[q].theme))
            return true;
    return false;
}

void tt_profile_add(tt_profile *p, const tt_doc *doc, const tt_sentence *sents, size_t n)
{
    pthread_mutex_lock(&p->lock);
    if (doc && doc->is_line)
        p->lines++;
    else
        p->docs++;
    p->sentences += n;
    for (size_t i = 0; i < n; i++) {
        const tt_sentence *s = &sents[i];
        const tt_evidence *ev = s->evidence;
        unsigned themes = 0;
        for (size_t t = 0; t < p->nt; t++)
            if ((s->labels >> t) & 1) {
                p->theme_sents[t]++;
                themes++;
                size_t only = ev_sole_rule(s, t);
                if (only < p->nr)
                    p->sole[only]++;
            }
        p->labelled += themes > 0;
        p->multi += themes > 1;
        /* rules, each once a sentence, and pairs of rules of different themes */
        for (size_t k = 0; k < s->nevidence; k++) {
            size_t r = ev[k].rule;
            if (r >= p->nr || rule_seen(ev, k, r))
                continue;
            p->fires[r]++;
            for (size_t q = 0; q < k; q++) {
                size_t r2 = ev[q].rule;
                if (r2 >= p->nr || ev[q].theme == ev[k].theme || rule_seen(ev, q, r2))
                    continue;
                size_t a = r < r2 ? r : r2, b = r < r2 ? r2 : r;
                p->pairs[a * p->nr + b]++;
            }
        }
        for (size_t k = 0; k < s->nevidence; k++)
            if (ev[k].entry < p->ne && shown_theme(p, ev[k].theme) && !entry_seen(p, ev, k, ev[k].entry))
                p->entry_sents[ev[k].entry]++;
    }
    pthread_mutex_unlock(&p->lock);
}

/* Whether index a comes before index b: the larger count first, then the lower index. */
static bool before(size_t a, size_t b, const size_t *count)
{
    return count[a] != count[b] ? count[a] > count[b] : a < b;
}

/* Insertion sort of idx[0..n) by count, most first (ties in index order): n is small. */
static void sort_desc(size_t *idx, size_t n, const size_t *count)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while (j > 0 && before(v, idx[j - 1], count)) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

/* The heading of a table for people that lists n rows, most first, the first limit of them;
 * "(none)" when n is 0, else the column names. */
static void heading(buf *o, const char *title, size_t n, size_t limit, const char *columns)
{
    buf_printf(o, "\n== %s (most first", title);
    if (n > limit)
        buf_printf(o, "; the first %zu, --format tsv lists all", limit);
    buf_adds(o, ")\n");
    buf_adds(o, n ? columns : "(none)\n");
}

static double pct(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* One row of tsv (kind name other theme sentences sole vetoed where) or jsonl; sole and vetoed
 * only for rules (-1 otherwise). */
static void row(buf *o, tt_format fmt, const char *kind, const char *name, const char *other, const char *theme,
                size_t sentences, long long sole, long long vetoed, const char *where)
{
    if (fmt == TT_FORMAT_TSV) {
        buf_printf(o, "%s\t%s\t%s\t%s\t%zu\t", kind, name, other ? other : "", theme ? theme : "", sentences);
        if (sole >= 0)
            buf_printf(o, "%lld\t%lld", sole, vetoed);
        else
            buf_addc(o, '\t');
        buf_printf(o, "\t%s\n", where ? where : "");
        return;
    }
    buf_adds(o, "{\"kind\":");
    buf_json_str(o, kind, strlen(kind));
    buf_adds(o, ",\"name\":");
    buf_json_str(o, name, strlen(name));
    if (other) {
        buf_adds(o, ",\"other\":");
        buf_json_str(o, other, strlen(other));
    }
    if (theme) {
        buf_adds(o, ",\"theme\":");
        buf_json_str(o, theme, strlen(theme));
    }
    buf_printf(o, ",\"sentences\":%zu", sentences);
    if (sole >= 0)
        buf_printf(o, ",\"sole\":%lld,\"vetoed\":%lld", sole, vetoed);
    if (where) {
        buf_adds(o, ",\"where\":");
        buf_json_str(o, where, strlen(where));
    }
    buf_adds(o, "}\n");
}

int tt_profile_write(tt_profile *p, tt_format fmt, tt_sink_fn sink, void *userdata)
{
    const tt_engine *e = p->e;
    bool text = fmt != TT_FORMAT_TSV && fmt != TT_FORMAT_JSONL;
    buf o = {0};
    pthread_mutex_lock(&p->lock);
    /* a run reads documents or lines (--input lines), never both */
    bool lines = p->lines > 0;
    size_t units = lines ? p->lines : p->docs;
    const char *unit = lines ? (units == 1 ? "line" : "lines") : (units == 1 ? "document" : "documents");

    /* themes */
    if (text) {
        buf_printf(&o, "== %zu %s, %zu sentence%s\n", units, unit, p->sentences, p->sentences == 1 ? "" : "s");
        buf_printf(&o, "%-24s %10s %8s\n", "theme", "sentences", "share");
    } else if (fmt == TT_FORMAT_TSV) {
        buf_adds(&o, "kind\tname\tother\ttheme\tsentences\tsole\tvetoed\twhere\n");
    }
    if (!text) {
        row(&o, fmt, "input", lines ? "lines" : "documents", NULL, NULL, units, -1, -1, NULL);
        row(&o, fmt, "input", "sentences", NULL, NULL, p->sentences, -1, -1, NULL);
    }
    for (size_t t = 0; t < p->nt; t++) {
        if (!shown_theme(p, t))
            continue;
        const char *name = tt_engine_theme_name(e, t);
        if (text) {
            buf_add_col(&o, name, 24);
            buf_printf(&o, " %10zu %7.2f%%\n", p->theme_sents[t], pct(p->theme_sents[t], p->sentences));
        } else
            row(&o, fmt, "theme", name, NULL, name, p->theme_sents[t], -1, -1, NULL);
    }
    if (p->theme < 0) {
        if (text) {
            buf_printf(&o, "%-24s %10zu %7.2f%%\n", "any theme", p->labelled, pct(p->labelled, p->sentences));
            buf_printf(&o, "%-24s %10zu %7.2f%%\n", "two themes or more", p->multi, pct(p->multi, p->sentences));
        } else {
            row(&o, fmt, "theme", "any", NULL, NULL, p->labelled, -1, -1, NULL);
            row(&o, fmt, "theme", "two or more", NULL, NULL, p->multi, -1, -1, NULL);
        }
    }

    /* rules */
    if (text) {
        buf_adds(&o, "\n== rules: the sentences each labels; sole: those no other rule of its theme labels (what the "
                     "theme loses without the rule); vetoed: those its match found and its unless removed\n");
        buf_printf(&o, "%-26s %-22s %9s %9s %9s %9s\n", "rule", "theme", "fires", "sole", "of theme", "vetoed");
    }
    for (size_t r = 0; r < p->nr; r++) {
        size_t t = tt_engine_rule_theme(e, r);
        if (!shown_theme(p, t))
            continue;
        const char *name = tt_engine_rule_name(e, r), *theme = tt_engine_theme_name(e, t);
        if (text) {
            buf_add_col(&o, name, 26);
            buf_addc(&o, ' ');
            buf_add_col(&o, theme, 22);
            buf_printf(&o, " %9zu %9zu %8.1f%% %9zu\n", p->fires[r], p->sole[r],
                       pct(p->fires[r], t < p->nt ? p->theme_sents[t] : 0), p->vetoed[r]);
        } else
            row(&o, fmt, "rule", name, NULL, theme, p->fires[r], (long long)p->sole[r], (long long)p->vetoed[r], NULL);
    }

    /* entries, most used first */
    size_t *idx = xmalloc((p->ne ? p->ne : 1) * sizeof *idx), ni = 0;
    for (size_t en = 0; en < p->ne; en++)
        if (p->entry_sents[en])
            idx[ni++] = en;
    sort_desc(idx, ni, p->entry_sents);
    if (text)
        heading(&o, "lexicon entries and terms: the sentences each is evidence in", ni, TEXT_ENTRIES,
                "entry                                where                      sentences\n");
    for (size_t k = 0; k < ni && (!text || k < TEXT_ENTRIES); k++) {
        size_t en = idx[k];
        char where[256];
        ev_entry_where(e, en, where, sizeof where);
        const char *etext = tt_engine_entry_text(e, en);
        if (text) {
            buf_add_col(&o, etext, 36);
            buf_addc(&o, ' ');
            buf_add_col(&o, where, 26);
            buf_printf(&o, " %9zu\n", p->entry_sents[en]);
        } else
            row(&o, fmt, "entry", etext, NULL, NULL, p->entry_sents[en], -1, -1, where);
    }
    free(idx);

    /* rules of different themes on the same sentences */
    size_t *pidx = xmalloc((p->nr ? p->nr * p->nr : 1) * sizeof *pidx), np = 0;
    for (size_t a = 0; a < p->nr; a++)
        for (size_t b = a + 1; b < p->nr; b++) {
            size_t c = p->pairs[a * p->nr + b];
            if (c && (shown_theme(p, tt_engine_rule_theme(e, a)) || shown_theme(p, tt_engine_rule_theme(e, b))))
                pidx[np++] = a * p->nr + b;
        }
    sort_desc(pidx, np, p->pairs);
    if (text)
        heading(&o, "rules of different themes that label the same sentences", np, TEXT_PAIRS,
                "rule                       rule                       sentences\n");
    for (size_t k = 0; k < np && (!text || k < TEXT_PAIRS); k++) {
        size_t a = pidx[k] / p->nr, b = pidx[k] % p->nr;
        const char *na = tt_engine_rule_name(e, a), *nb = tt_engine_rule_name(e, b);
        if (text) {
            buf_add_col(&o, na, 26);
            buf_addc(&o, ' ');
            buf_add_col(&o, nb, 26);
            buf_printf(&o, " %9zu\n", p->pairs[pidx[k]]);
        } else
            row(&o, fmt, "overlap", na, nb, NULL, p->pairs[pidx[k]], -1, -1, NULL);
    }
    free(pidx);
    pthread_mutex_unlock(&p->lock);
    int rc = o.len ? sink(o.data, o.len, userdata) : 0;
    buf_free(&o);
    return rc;
}
