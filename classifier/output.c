/*
 * output.c - writers: text for people, TSV and JSONL for programs (formats in README).
 * Each document is formatted into one buffer flushed to the sink every 64 KiB, so that a
 * caller can keep a document's output for ordered parallel writing or stream it out.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define FLUSH_AT 65536

typedef struct out {
    buf b;
    tt_sink_fn sink;
    void *ud;
    int err;
} out;

static void out_flush(out *o)
{
    if (o->b.len && !o->err)
        o->err = o->sink(o->b.data, o->b.len, o->ud);
    o->b.len = 0;
}

static void out_maybe_flush(out *o)
{
    if (o->b.len >= FLUSH_AT)
        out_flush(o);
}

void buf_json_body(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            buf_addc(b, '\\');
            buf_addc(b, (char)c);
        } else if (c < 0x20 || c == 0x7F) {
            buf_printf(b, "\\u%04x", c);
        } else {
            buf_addc(b, (char)c);
        }
    }
}

void buf_json_str(buf *b, const char *s, size_t n)
{
    buf_addc(b, '"');
    buf_json_body(b, s, n);
    buf_addc(b, '"');
}

typedef void (*escape_fn)(buf *b, const char *s, size_t n);

/* text[s..e) with whitespace collapsed (st carries a pending space across calls), escaped by
 * esc (NULL: as it is), written in pieces so that text of any length costs only the output
 * buffer. Cut points are ASCII whitespace, never inside a code point. */
static void put_collapsed(out *o, const char *t, size_t s, size_t e, u8_collapser *st, escape_fn esc)
{
    buf piece = {0};
    while (s < e) {
        size_t cut = e - s > FLUSH_AT ? u8_cut_point(t, s + FLUSH_AT, e) : e;
        if (esc) {
            piece.len = 0;
            u8_collapse_part(&piece, t, s, cut, st);
            esc(&o->b, piece.data ? piece.data : "", piece.len);
        } else {
            u8_collapse_part(&o->b, t, s, cut, st);
        }
        s = cut;
        out_maybe_flush(o);
    }
    buf_free(&piece);
}

/* The text field of a sentence or a match: as it is, or as a JSON string. */
static void put_text(out *o, const char *t, size_t s, size_t e, bool json)
{
    u8_collapser st = {false, false};
    if (json)
        buf_addc(&o->b, '"');
    put_collapsed(o, t, s, e, &st, json ? buf_json_body : NULL);
    if (json)
        buf_addc(&o->b, '"');
}

/* Labels of a sentence, joined by sep, in declared order. */
static void labels(buf *b, const tt_engine *e, uint64_t set, const char *sep, bool quote)
{
    bool first = true;
    size_t nt = tt_engine_theme_count(e);
    for (size_t i = 0; i < nt && i < 64; i++) {
        if (!(set & (1ull << i)))
            continue;
        if (!first)
            buf_adds(b, sep);
        first = false;
        const char *name = tt_engine_theme_name(e, i);
        if (quote)
            buf_json_str(b, name, strlen(name));
        else
            buf_adds(b, name);
    }
}

int tt_write_header(tt_format fmt, tt_sink_fn sink, void *userdata)
{
    static const char tsv[] = "doc\tn\tstart\tend\tlabels\ttext\n";
    if (fmt == TT_FORMAT_TSV)
        return sink(tsv, sizeof tsv - 1, userdata);
    return 0;
}

/* ---- HTML: a page for people, the evidence highlighted in each sentence, coloured by theme */

static const char *const theme_colors[] = {"#f4a261", "#8ecae6", "#b5e48c", "#cdb4db", "#ffd166",
                                           "#f28482", "#90be6d", "#a2d2ff"};

static void html_escape(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': buf_adds(b, "&amp;"); break;
        case '<': buf_adds(b, "&lt;"); break;
        case '>': buf_adds(b, "&gt;"); break;
        case '"': buf_adds(b, "&quot;"); break;
        default: buf_addc(b, s[i]);
        }
    }
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* A sentence with each piece of text that evidence covers in a <mark> of the first covering
 * theme's colour; its title names the rules. Pieces with the same colour and title merge. */
static void html_sentence(out *o, const tt_engine *e, const tt_doc *doc, const tt_sentence *s)
{
    size_t nb = 2 * s->nevidence + 2, k = 0;
    size_t *cuts = xmalloc(nb * sizeof *cuts);
    cuts[k++] = s->start;
    cuts[k++] = s->end;
    for (size_t i = 0; i < s->nevidence; i++) {
        cuts[k++] = s->evidence[i].start;
        cuts[k++] = s->evidence[i].end;
    }
    qsort(cuts, k, sizeof *cuts, size_cmp);
    u8_collapser st = {false, false};
    buf title = {0}, next = {0};
    size_t i = 0;
    while (i + 1 < k) {
        size_t a = cuts[i], b = cuts[i + 1];
        if (a >= b || a < s->start || b > s->end) {
            i++;
            continue;
        }
        /* the rules covering [a,b); then extend b over following pieces covered alike */
        size_t theme = SIZE_MAX;
        title.len = 0;
        if (title.data)
            title.data[0] = '\0';
        for (size_t q = 0; q < s->nevidence; q++) {
            const tt_evidence *ev = &s->evidence[q];
            if (ev->start > a || ev->end < b)
                continue;
            if (theme == SIZE_MAX)
                theme = ev->theme;
            next.len = 0;
            buf_printf(&next, "%s: %s", tt_engine_theme_name(e, ev->theme), tt_engine_rule_name(e, ev->rule));
            if (!title.data || !strstr(title.data, next.data))
                buf_printf(&title, "%s%s", title.len ? "; " : "", next.data);
        }
        size_t j = i + 1;
        while (theme != SIZE_MAX && j + 1 < k) {
            size_t c = cuts[j], d = cuts[j + 1];
            if (c == d) {
                j++;
                continue;
            }
            size_t th2 = SIZE_MAX;
            for (size_t q = 0; q < s->nevidence && th2 == SIZE_MAX; q++)
                if (s->evidence[q].start <= c && s->evidence[q].end >= d)
                    th2 = s->evidence[q].theme;
            if (th2 != theme)
                break;
            b = d;
            j++;
        }
        if (theme == SIZE_MAX) {
            put_collapsed(o, doc->text, a, b, &st, html_escape);
        } else {
            size_t f = u8_skip_space(doc->text, a, b); /* leading spaces stay outside the mark */
            put_collapsed(o, doc->text, a, f, &st, html_escape);
            if (st.space && st.any) {
                buf_addc(&o->b, ' ');
                st.space = false;
            }
            buf_printf(&o->b, "<mark style=\"background:%s\" title=\"", theme_colors[theme % 8]);
            html_escape(&o->b, title.data ? title.data : "", title.len);
            buf_adds(&o->b, "\">");
            put_collapsed(o, doc->text, f, b, &st, html_escape);
            buf_adds(&o->b, "</mark>");
        }
        i = j;
    }
    buf_free(&title);
    buf_free(&next);
    free(cuts);
}

int tt_write_page_head(const tt_engine *e, tt_format fmt, tt_sink_fn sink, void *userdata)
{
    if (fmt != TT_FORMAT_HTML)
        return tt_write_header(fmt, sink, userdata);
    buf b = {0};
    buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<title>themetag</title><style>\n"
                 "body{font-family:sans-serif;margin:2em;max-width:70em}"
                 "table{border-collapse:collapse}td{vertical-align:top;padding:.25em .5em;"
                 "border-bottom:1px solid #ddd}td.n{color:#888;text-align:right}"
                 ".chip{display:inline-block;border-radius:.6em;padding:0 .5em;margin:0 .2em .2em 0;"
                 "font-size:.85em}mark{border-radius:.2em}\n</style></head><body>\n"
                 "<p class=\"legend\">Themes: ");
    for (size_t t = 0; t < tt_engine_theme_count(e); t++) {
        buf_printf(&b, "<span class=\"chip\" style=\"background:%s\" title=\"", theme_colors[t % 8]);
        const char *d = tt_engine_theme_description(e, t);
        html_escape(&b, d ? d : "", d ? strlen(d) : 0);
        buf_adds(&b, "\">");
        const char *nm = tt_engine_theme_name(e, t);
        html_escape(&b, nm, strlen(nm));
        buf_adds(&b, "</span>");
    }
    buf_adds(&b, "</p>\n");
    int rc = sink(b.data, b.len, userdata);
    buf_free(&b);
    return rc;
}

int tt_write_footer(tt_format fmt, tt_sink_fn sink, void *userdata)
{
    static const char end[] = "</body></html>\n";
    return fmt == TT_FORMAT_HTML ? sink(end, sizeof end - 1, userdata) : 0;
}

int tt_write_sentences(const tt_engine *e, tt_format fmt, const tt_doc *doc,
                       const tt_sentence *sents, size_t n, unsigned long number_from,
                       tt_sink_fn sink, void *userdata)
{
    return tt_write_selected(e, fmt, doc, sents, n, number_from, NULL, sink, userdata);
}

int tt_write_selected(const tt_engine *e, tt_format fmt, const tt_doc *doc, const tt_sentence *sents,
                      size_t n, unsigned long number_from, const unsigned char *keep, tt_sink_fn sink, void *userdata)
{
    size_t kept = n;
    if (keep) {
        kept = 0;
        for (size_t k = 0; k < n; k++)
            kept += keep[k] != 0;
        if (!kept)
            return 0;
    }
    out o = {{0}, sink, userdata, 0};
    buf id = {0};
    const char *name = doc->id ? doc->id : "-";
    u8_collapse(&id, name, 0, strlen(name));
    if (!id.data)
        buf_reserve(&id, 1);
    if (fmt == TT_FORMAT_TEXT && !doc->is_line)
        buf_printf(&o.b, "== %s\n", id.data);
    if (fmt == TT_FORMAT_HTML) {
        buf_adds(&o.b, "<section><h2>");
        html_escape(&o.b, id.data, id.len);
        buf_adds(&o.b, "</h2><table>\n");
    }
    size_t nt = tt_engine_theme_count(e);
    size_t counts[64] = {0};
    for (size_t k = 0; k < n; k++) {
        if (keep && !keep[k])
            continue;
        const tt_sentence *s = &sents[k];
        unsigned long num = number_from + k;
        unsigned long long start = doc->base + s->start, end = doc->base + s->end;
        for (size_t i = 0; i < nt && i < 64; i++)
            if (s->labels & (1ull << i))
                counts[i]++;
        switch (fmt) {
        case TT_FORMAT_TSV:
            buf_printf(&o.b, "%s\t%lu\t%llu\t%llu\t", id.data, num, start, end);
            labels(&o.b, e, s->labels, ",", false);
            buf_addc(&o.b, '\t');
            put_text(&o, doc->text, s->start, s->end, false);
            buf_addc(&o.b, '\n');
            break;
        case TT_FORMAT_JSONL:
            buf_adds(&o.b, "{\"doc\":");
            buf_json_str(&o.b, id.data, id.len);
            buf_printf(&o.b, ",\"n\":%lu,\"start\":%llu,\"end\":%llu,\"text\":", num, start, end);
            put_text(&o, doc->text, s->start, s->end, true);
            buf_adds(&o.b, ",\"labels\":[");
            labels(&o.b, e, s->labels, ",", true);
            buf_adds(&o.b, "],\"evidence\":[");
            for (size_t q = 0; q < s->nevidence; q++) {
                const tt_evidence *ev = &s->evidence[q];
                const char *rule = tt_engine_rule_name(e, ev->rule);
                const char *theme = tt_engine_theme_name(e, ev->theme);
                buf_adds(&o.b, q ? ",{\"rule\":" : "{\"rule\":");
                buf_json_str(&o.b, rule, strlen(rule));
                buf_adds(&o.b, ",\"label\":");
                buf_json_str(&o.b, theme, strlen(theme));
                buf_printf(&o.b, ",\"start\":%llu,\"end\":%llu,\"match\":", doc->base + ev->start,
                           doc->base + ev->end);
                put_text(&o, doc->text, ev->start, ev->end, true);
                buf_addc(&o.b, '}');
            }
            buf_adds(&o.b, "]}\n");
            break;
        case TT_FORMAT_HTML:
            buf_printf(&o.b, "<tr id=\"s%lu\"><td class=\"n\" title=\"bytes %llu-%llu\">%lu</td><td>", num,
                       start, end, num);
            for (size_t i = 0; i < nt && i < 64; i++)
                if (s->labels & (1ull << i)) {
                    const char *nm = tt_engine_theme_name(e, i);
                    buf_printf(&o.b, "<span class=\"chip\" style=\"background:%s\">", theme_colors[i % 8]);
                    html_escape(&o.b, nm, strlen(nm));
                    buf_adds(&o.b, "</span>");
                }
            buf_adds(&o.b, "</td><td>");
            html_sentence(&o, e, doc, s);
            buf_adds(&o.b, "</td></tr>\n");
            break;
        case TT_FORMAT_TEXT:
            buf_printf(&o.b, "%5lu  ", num);
            if (s->labels) {
                buf_addc(&o.b, '[');
                labels(&o.b, e, s->labels, ", ", false);
                buf_adds(&o.b, "] ");
            }
            put_text(&o, doc->text, s->start, s->end, false);
            buf_addc(&o.b, '\n');
            break;
        }
        out_maybe_flush(&o);
    }
    if (fmt == TT_FORMAT_HTML)
        buf_adds(&o.b, "</table></section>\n");
    if (fmt == TT_FORMAT_TEXT && !doc->is_line) {
        if (keep)
            buf_printf(&o.b, "   -- %zu of %zu sentence%s", kept, n, n == 1 ? "" : "s");
        else
            buf_printf(&o.b, "   -- %zu sentence%s", n, n == 1 ? "" : "s");
        for (size_t i = 0; i < nt && i < 64; i++)
            if (counts[i])
                buf_printf(&o.b, "; %s %zu", tt_engine_theme_name(e, i), counts[i]);
        buf_adds(&o.b, "\n\n");
    }
    out_flush(&o);
    buf_free(&o.b);
    buf_free(&id);
    return o.err;
}
