/*
 * compare.c - a run against the labels of a run before (themetag --changes FILE): every
 * sentence whose labels moved since FILE was written (the TSV that --format tsv writes), with
 * the rules that give a theme now or the rule that came nearest to a theme lost, and what
 * moved per theme. It shows a rule author what an edit does on text that has no gold labels,
 * such as thousands of speeches. Sentences are matched by document name and byte span.
 */
#define _XOPEN_SOURCE 700
#include "rules.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSV_HEADER "doc\tn\tstart\tend\tlabels\ttext"

typedef struct cmp_row {
    size_t doc;
    unsigned long long start, end;
    uint64_t labels;
    bool seen;
} cmp_row;

typedef struct cmp_doc {
    bool in_file;       /* FILE has rows of it */
    bool repeated;      /* FILE holds two documents of this name: not comparable */
    bool seen;          /* classified now */
    bool seen_twice;    /* given twice now (a line stream: its numbers started again) */
    bool counted_new, counted_twice; /* counted in the summary's documents */
    unsigned long last_line; /* lines input: the line number last given */
    unsigned long last_n; /* the n of its last row in FILE */
} cmp_doc;

#define MAX_TOLD 32 /* unknown theme names reported, each once */

struct tt_compare {
    const tt_engine *e;
    char *path;
    int theme;      /* list this theme's moves only, or -1 */
    uint64_t shown; /* the themes listed and counted */
    cmp_doc *docs;
    size_t ndocs, capdocs;
    strmap doc_index;           /* name -> index into docs */
    arena names;                /* the names' bytes */
    cmp_row *rows;
    size_t nrows, caprows;
    size_t *row_slots, row_cap; /* open addressing: row index + 1, or 0 */
    size_t unreadable;          /* lines of FILE that could not be read */
    char *told[MAX_TOLD];
    size_t ntold;
    pthread_mutex_t lock;
    /* what the run found */
    size_t compared, moved, new_docs, new_doc_sents, new_spans, twice_docs, twice_sents, repeated_sents;
    size_t gained[MAX_THEMES], lost[MAX_THEMES];
};

static uint64_t row_hash(size_t doc, unsigned long long start, unsigned long long end)
{
    unsigned long long k[3] = {doc, start, end};
    return hash_bytes(k, sizeof k);
}

/* The index of the document of this name, added when new. */
static size_t add_doc(tt_compare *c, const char *name)
{
    int *v = strmap_put(&c->doc_index, name, strlen(name), &c->names);
    if (*v < 0) {
        VEC_GROW(c->docs, c->ndocs, c->capdocs);
        c->docs[c->ndocs] = (cmp_doc){0};
        *v = (int)c->ndocs++;
    }
    return (size_t)*v;
}

static cmp_row *find_row(const tt_compare *c, size_t doc, unsigned long long start, unsigned long long end)
{
    if (!c->row_cap)
        return NULL;
    size_t mask = c->row_cap - 1;
    for (size_t i = row_hash(doc, start, end) & mask;; i = (i + 1) & mask) {
        size_t v = c->row_slots[i];
        if (!v)
            return NULL;
        cmp_row *r = &c->rows[v - 1];
        if (r->doc == doc && r->start == start && r->end == end)
            return r;
    }
}

static void index_rows(tt_compare *c)
{
    size_t cap = 64;
    while (cap < c->nrows * 2)
        cap *= 2;
    c->row_slots = xcalloc(cap, sizeof *c->row_slots);
    c->row_cap = cap;
    for (size_t k = 0; k < c->nrows; k++) {
        const cmp_row *r = &c->rows[k];
        if (find_row(c, r->doc, r->start, r->end))
            continue; /* a span written twice: its document is repeated, and not compared */
        size_t i = row_hash(r->doc, r->start, r->end) & (cap - 1);
        while (c->row_slots[i])
            i = (i + 1) & (cap - 1);
        c->row_slots[i] = k + 1;
    }
}

/* Theme names (comma-separated) to a label set; each name the rules no longer declare is
 * reported once and left out. */
static uint64_t parse_labels(tt_compare *c, char *s, tt_diag_fn diag, void *ud, unsigned line)
{
    uint64_t set = 0;
    for (char *tok = s; tok && *tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        int i = tt_engine_theme_index(c->e, tok, strlen(tok));
        if (i >= 0 && i < MAX_THEMES) {
            set |= 1ull << i;
        } else {
            bool told = false;
            for (size_t k = 0; k < c->ntold && !told; k++)
                told = strcmp(c->told[k], tok) == 0;
            if (!told && c->ntold < MAX_TOLD) {
                c->told[c->ntold++] = xstrdup(tok);
                diag_emit(diag, ud, TT_WARNING, c->path, line, 0, -1, NULL,
                          "theme '%.80s%s' is not one the rules declare now; its labels are left out of the "
                          "comparison", tok, strlen(tok) > 80 ? "..." : "");
            }
        }
        tok = comma ? comma + 1 : NULL;
    }
    return set;
}

/* One row of FILE. Returns false when it cannot be read. */
static bool read_row(tt_compare *c, char *line, size_t len, unsigned lineno, tt_diag_fn diag, void *ud)
{
    const char *why = NULL;
    char *fld[6];
    size_t n, start, end;
    if (memchr(line, '\0', len)) {
        why = "a NUL byte in the line";
    } else {
        int nf = split_tabs(line, fld, 6);
        if (nf < 5 || !*fld[0] || !parse_digits(fld[1], &n) || !parse_digits(fld[2], &start) ||
            !parse_digits(fld[3], &end) || end < start)
            why = "expected doc, n, start, end, labels and text, tab-separated (numbers in digits, start "
                  "not after end)";
    }
    if (why) {
        if (c->unreadable++ < MAX_ERRORS)
            diag_emit(diag, ud, TT_ERROR, c->path, lineno, 0, -1, NULL, "%s", why);
        return false;
    }
    size_t d = add_doc(c, fld[0]);
    cmp_doc *doc = &c->docs[d];
    /* within one document n grows; a row that does not continue it starts a second document of
     * the same name (JSONL ids written twice, a file classified twice) */
    if (doc->in_file && n <= doc->last_n)
        doc->repeated = true;
    doc->in_file = true;
    doc->last_n = (unsigned long)n;
    VEC_GROW(c->rows, c->nrows, c->caprows);
    c->rows[c->nrows++] = (cmp_row){d, start, end, parse_labels(c, fld[4], diag, ud, lineno), false};
    return true;
}

tt_compare *tt_compare_load(const tt_engine *e, const char *path, const char *theme, tt_diag_fn diag,
                            void *userdata)
{
    if (!e || !path)
        return NULL;
    int th = theme ? tt_engine_theme_index(e, theme, strlen(theme)) : -1;
    size_t nt = tt_engine_theme_count(e);
    if (theme && th < 0) {
        diag_emit(diag, userdata, TT_ERROR, NULL, 0, 0, -1, NULL, "--theme: no theme '%s' in the rules", theme);
        return NULL;
    }
    bool use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        diag_emit(diag, userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    tt_compare *c = xcalloc(1, sizeof *c);
    c->e = e;
    c->path = xstrdup(path);
    c->theme = th;
    c->shown = th >= 0 ? 1ull << th : (nt >= 64 ? ~0ull : (1ull << nt) - 1);
    pthread_mutex_init(&c->lock, NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned lineno = 0;
    bool header = false;
    errno = 0;
    while ((got = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (lineno == 1) {
            header = strcmp(line, TSV_HEADER) == 0;
            if (!header) {
                diag_emit(diag, userdata, TT_ERROR, path, 1, 0, -1, NULL,
                          "expected the header of a run's labels (%s), as themetag --format tsv writes "
                          "them", "doc, n, start, end, labels, text");
                break;
            }
            continue;
        }
        /* the output of several runs in one file (xargs splits a long list into several runs,
         * each writing the header) */
        bool repeated_header = (size_t)got == sizeof TSV_HEADER - 1 && memcmp(line, TSV_HEADER, (size_t)got) == 0;
        if (got && !repeated_header)
            read_row(c, line, (size_t)got, lineno, diag, userdata);
    }
    bool read_error = ferror(f);
    int err = errno;
    free(line);
    if (!use_stdin)
        fclose(f);
    if (read_error) {
        diag_emit(diag, userdata, TT_ERROR, path, 0, 0, -1, NULL, "cannot read: %s", strerror(err));
        tt_compare_free(c);
        return NULL;
    }
    if (!header || !c->nrows) {
        if (header)
            diag_emit(diag, userdata, TT_ERROR, path, 0, 0, -1, NULL, "no sentence to compare with%s",
                      c->unreadable ? " (no line could be read)" : "");
        else if (lineno == 0)
            diag_emit(diag, userdata, TT_ERROR, path, 0, 0, -1, NULL, "the file is empty");
        tt_compare_free(c);
        return NULL;
    }
    if (c->unreadable > MAX_ERRORS)
        diag_emit(diag, userdata, TT_ERROR, path, 0, 0, -1, NULL, "%zu lines could not be read in all",
                  c->unreadable);
    index_rows(c);
    return c;
}

size_t tt_compare_unreadable(const tt_compare *c)
{
    return c ? c->unreadable : 0;
}

void tt_compare_free(tt_compare *c)
{
    if (!c)
        return;
    for (size_t k = 0; k < c->ntold; k++)
        free(c->told[k]);
    free(c->docs);
    strmap_free(&c->doc_index);
    arena_free(&c->names);
    free(c->rows);
    free(c->row_slots);
    free(c->path);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int tt_compare_header(tt_format fmt, tt_sink_fn sink, void *userdata)
{
    static const char head[] = "change\ttheme\tdoc\tn\tstart\tend\trules\ttext\n";
    if (fmt == TT_FORMAT_TSV)
        return sink(head, sizeof head - 1, userdata);
    return 0;
}

void ev_evidence_lines(buf *o, const tt_engine *e, const char *text, size_t text_off, unsigned long long shown_base,
                       const tt_sentence *s, size_t th)
{
    for (size_t k = 0; s && k < s->nevidence; k++) {
        const tt_evidence *ev = &s->evidence[k];
        if (ev->theme != th)
            continue;
        buf_printf(o, "  rule %s: %s '%s' matched \"", tt_engine_rule_name(e, ev->rule),
                   tt_engine_entry_group(e, ev->entry), tt_engine_entry_text(e, ev->entry));
        u8_collapse(o, text, text_off + ev->start, text_off + ev->end);
        buf_printf(o, "\" [%llu,%llu)\n", shown_base + ev->start, shown_base + ev->end);
    }
}

void ev_rule_names(buf *o, const tt_engine *e, const tt_sentence *s, size_t th, bool json)
{
    size_t before = o->len;
    for (size_t k = 0; k < s->nevidence; k++) {
        const tt_evidence *ev = &s->evidence[k];
        bool seen = false;
        for (size_t q = 0; q < k && !seen; q++)
            seen = s->evidence[q].theme == th && s->evidence[q].rule == ev->rule;
        if (ev->theme != th || seen)
            continue;
        if (o->len > before)
            buf_addc(o, ',');
        const char *name = tt_engine_rule_name(e, ev->rule);
        if (json)
            buf_json_str(o, name, strlen(name));
        else
            buf_adds(o, name);
    }
}

size_t ev_sole_rule(const tt_sentence *s, size_t th)
{
    size_t only = SIZE_MAX;
    for (size_t k = 0; k < s->nevidence; k++) {
        const tt_evidence *ev = &s->evidence[k];
        if (ev->theme != th)
            continue;
        if (only == SIZE_MAX)
            only = ev->rule;
        else if (ev->rule != only)
            return SIZE_MAX;
    }
    return only;
}

void ev_entry_where(const tt_engine *e, size_t en, char *out, size_t n)
{
    unsigned line = 0;
    const char *file = tt_engine_entry_file(e, en, &line), *group = tt_engine_entry_group(e, en);
    if (group && group[0] == '@') {
        snprintf(out, n, "%s:%u", group, line);
        return;
    }
    const char *base = file ? strrchr(file, '/') : NULL;
    snprintf(out, n, "%s:%u", base ? base + 1 : file ? file : "?", line);
}

/* One theme of one sentence moved: gained (now) or lost. */
static void write_move(tt_compare *c, tt_scanner *sc, buf *o, tt_format fmt, const tt_doc *doc, const char *id,
                       const tt_sentence *s, unsigned long num, uint64_t prev, size_t th, bool now)
{
    const char *theme = tt_engine_theme_name(c->e, th);
    unsigned long long start = doc->base + s->start, end = doc->base + s->end;
    if (fmt == TT_FORMAT_TSV || fmt == TT_FORMAT_JSONL) {
        bool json = fmt == TT_FORMAT_JSONL;
        if (json) {
            buf_printf(o, "{\"change\":\"%c\",\"theme\":", now ? '+' : '-');
            buf_json_str(o, theme, strlen(theme));
            buf_adds(o, ",\"doc\":");
            buf_json_str(o, id, strlen(id));
            buf_printf(o, ",\"n\":%lu,\"start\":%llu,\"end\":%llu,\"rules\":[", num, start, end);
        } else {
            buf_printf(o, "%c\t%s\t%s\t%lu\t%llu\t%llu\t", now ? '+' : '-', theme, id, num, start, end);
        }
        if (now)
            ev_rule_names(o, c->e, s, th, json);
        if (json) {
            buf_adds(o, "],\"text\":");
            buf tx = {0};
            u8_collapse(&tx, doc->text, s->start, s->end);
            buf_json_str(o, tx.data ? tx.data : "", tx.len);
            buf_free(&tx);
            buf_adds(o, "}\n");
        } else {
            buf_addc(o, '\t');
            u8_collapse(o, doc->text, s->start, s->end);
            buf_addc(o, '\n');
        }
        return;
    }
    buf_printf(o, "%c%s %s:%lu [%llu,%llu)\n", now ? '+' : '-', theme, id, num, start, end);
    if (now) {
        ev_evidence_lines(o, c->e, doc->text, 0, doc->base, s, th);
    } else {
        /* the rule that came nearest: the sentence classified again, alone, with the labels of
         * the sentence before it, so that the match state is its own */
        const tt_sentence *again;
        size_t n;
        tt_scanner_set_context(sc, prev);
        tt_scanner_classify(sc, doc->text + s->start, s->end - s->start, TT_ONE_SENTENCE | TT_CONTINUE, &again, &n);
        if (n) {
            m_show_base(eng_match(sc), (size_t)(doc->base + s->start));
            m_explain_theme(eng_match(sc), o, th);
            m_show_base(eng_match(sc), 0);
        } else {
            buf_adds(o, "  the span holds no words to classify\n");
        }
    }
    buf_adds(o, "  text: ");
    u8_collapse(o, doc->text, s->start, s->end);
    buf_addc(o, '\n');
}

/* The collapsed name of doc, as the TSV writes it. */
static void doc_name(buf *id, const tt_doc *doc)
{
    const char *name = doc->id ? doc->id : "-";
    u8_collapse(id, name, 0, strlen(name));
    if (!id->data)
        buf_reserve(id, 1);
}

int tt_compare_begin(tt_compare *c, const tt_doc *doc)
{
    buf id = {0};
    doc_name(&id, doc);
    pthread_mutex_lock(&c->lock);
    cmp_doc *cd = &c->docs[add_doc(c, id.data)];
    if (cd->seen && (!doc->is_line || doc->line <= cd->last_line))
        cd->seen_twice = true;
    bool first = !cd->seen_twice;
    cd->seen = true;
    if (doc->is_line)
        cd->last_line = doc->line;
    pthread_mutex_unlock(&c->lock);
    buf_free(&id);
    return first;
}

int tt_compare_write(tt_compare *c, tt_scanner *sc, tt_format fmt, const tt_doc *doc, int first,
                     const tt_sentence *sents, size_t n, unsigned long number_from, tt_sink_fn sink, void *userdata)
{
    if (!n)
        return 0; /* nothing to compare, and nothing to count */
    buf id = {0};
    doc_name(&id, doc);
    size_t nt = tt_engine_theme_count(c->e);
    if (nt > MAX_THEMES)
        nt = MAX_THEMES;
    /* look the sentences up, count, and note what moved (under the lock: workers share the
     * counts, the documents and the rows' seen marks) */
    uint64_t *before = xmalloc(n * sizeof *before);
    bool *known = xcalloc(n, sizeof *known);
    size_t listed = 0;
    pthread_mutex_lock(&c->lock);
    size_t d = add_doc(c, id.data);
    cmp_doc *cd = &c->docs[d];
    cd->seen = true;
    bool compare = false;
    if (!first) { /* given twice in this run: compared the first time only */
        if (!cd->counted_twice)
            c->twice_docs++;
        cd->counted_twice = true;
        c->twice_sents += n;
    } else if (!cd->in_file) {
        if (!cd->counted_new)
            c->new_docs++;
        cd->counted_new = true;
        c->new_doc_sents += n;
    } else if (cd->repeated) {
        c->repeated_sents += n;
    } else {
        compare = true;
    }
    for (size_t k = 0; compare && k < n; k++) {
        cmp_row *r = find_row(c, d, doc->base + sents[k].start, doc->base + sents[k].end);
        if (!r || r->seen) {
            c->new_spans++;
            continue;
        }
        known[k] = true;
        r->seen = true;
        before[k] = r->labels;
        c->compared++;
        uint64_t diff = (r->labels ^ sents[k].labels) & c->shown;
        if (!diff)
            continue;
        c->moved++;
        for (size_t t = 0; t < nt; t++)
            if ((diff >> t) & 1) {
                if ((sents[k].labels >> t) & 1)
                    c->gained[t]++;
                else
                    c->lost[t]++;
                listed++;
            }
    }
    pthread_mutex_unlock(&c->lock);
    int rc = 0;
    if (listed) {
        /* explaining a lost theme classifies again, which reuses the scanner's arrays: keep
         * copies of the sentences and their evidence, and the scanner's counts */
        size_t nev = 0;
        for (size_t k = 0; k < n; k++)
            nev += sents[k].nevidence;
        tt_sentence *copy = xmalloc(n * sizeof *copy);
        tt_evidence *evs = xmalloc((nev ? nev : 1) * sizeof *evs);
        for (size_t k = 0, at = 0; k < n; k++) {
            copy[k] = sents[k];
            if (sents[k].nevidence)
                memcpy(evs + at, sents[k].evidence, sents[k].nevidence * sizeof *evs);
            copy[k].evidence = evs + at;
            at += sents[k].nevidence;
        }
        unsigned long long ns, ntok;
        tt_scanner_counts(sc, &ns, &ntok);
        buf o = {0};
        for (size_t k = 0; k < n && !rc; k++) {
            if (known[k]) {
                uint64_t diff = (before[k] ^ copy[k].labels) & c->shown;
                uint64_t prev = k ? copy[k - 1].labels : 0;
                for (size_t t = 0; t < nt; t++)
                    if ((diff >> t) & 1)
                        write_move(c, sc, &o, fmt, doc, id.data, &copy[k], number_from + k, prev, t,
                                   (copy[k].labels >> t) & 1);
            }
            if (o.len && (o.len > 65536 || k + 1 == n)) {
                rc = sink(o.data, o.len, userdata);
                o.len = 0;
            }
        }
        eng_set_counts(sc, ns, ntok);
        buf_free(&o);
        free(copy);
        free(evs);
    }
    free(before);
    free(known);
    buf_free(&id);
    return rc;
}

int tt_compare_summary(tt_compare *c, tt_format fmt, tt_sink_fn sink, void *userdata)
{
    buf o = {0};
    size_t gone_docs = 0, gone_sents = 0, moved_spans = 0, repeated_docs = 0;
    for (size_t k = 0; k < c->nrows; k++) {
        const cmp_row *r = &c->rows[k];
        const cmp_doc *d = &c->docs[r->doc];
        if (r->seen || d->repeated)
            continue;
        if (d->seen)
            moved_spans++;
        else
            gone_sents++;
    }
    for (size_t d = 0; d < c->ndocs; d++) {
        gone_docs += c->docs[d].in_file && !c->docs[d].repeated && !c->docs[d].seen;
        repeated_docs += c->docs[d].repeated;
    }
    if (fmt == TT_FORMAT_TEXT && c->moved)
        buf_addc(&o, '\n');
    buf_printf(&o, "changes since %s: %zu sentence%s compared, %zu moved%s\n", c->path, c->compared,
               c->compared == 1 ? "" : "s", c->moved, c->theme >= 0 ? " in this theme" : "");
    size_t nt = tt_engine_theme_count(c->e);
    buf_printf(&o, "%-22s %8s %8s\n", "theme", "gained", "lost");
    for (size_t t = 0; t < nt && t < MAX_THEMES; t++)
        if ((c->shown >> t) & 1)
            buf_printf(&o, "%-22s %8zu %8zu\n", tt_engine_theme_name(c->e, t), c->gained[t], c->lost[t]);
    if (c->new_docs)
        buf_printf(&o, "not compared: %zu document%s not in %s (%zu sentence%s)\n", c->new_docs,
                   c->new_docs == 1 ? "" : "s", c->path, c->new_doc_sents, c->new_doc_sents == 1 ? "" : "s");
    if (c->new_spans || moved_spans)
        buf_printf(&o, "not compared: %zu sentence%s now and %zu in %s whose spans do not match (the text or the "
                   "segmenter changed, or the line could not be read)\n", c->new_spans,
                   c->new_spans == 1 ? "" : "s", moved_spans, c->path);
    if (repeated_docs)
        buf_printf(&o, "not compared: %zu document name%s that %s holds twice (%zu sentence%s now)\n", repeated_docs,
                   repeated_docs == 1 ? "" : "s", c->path, c->repeated_sents, c->repeated_sents == 1 ? "" : "s");
    if (c->twice_docs)
        buf_printf(&o, "given twice: %zu document%s classified twice in this run (%zu sentence%s the second time, "
                       "not compared again)\n",
                   c->twice_docs, c->twice_docs == 1 ? "" : "s", c->twice_sents, c->twice_sents == 1 ? "" : "s");
    if (gone_docs)
        buf_printf(&o, "not classified now: %zu document%s of %s (%zu sentence%s)\n", gone_docs,
                   gone_docs == 1 ? "" : "s", c->path, gone_sents, gone_sents == 1 ? "" : "s");
    if (c->unreadable)
        buf_printf(&o, "unreadable: %zu line%s of %s (reported above)\n", c->unreadable,
                   c->unreadable == 1 ? "" : "s", c->path);
    int rc = o.len ? sink(o.data, o.len, userdata) : 0;
    buf_free(&o);
    return rc;
}
