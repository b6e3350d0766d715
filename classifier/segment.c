/*
 * segment.c - sentences with byte offsets, as the codebook's "Sentences" section reads them.
 *
 * Two passes over the document. The first measures its lines to decide how it lays out
 * paragraphs: hard-wrapped lines (a line end is a wrap, a blank line ends a paragraph) or one
 * paragraph a line (every line end ends a paragraph). The second walks the lines once and
 * builds blocks: paragraphs (joined across a blank line when the text before has no final
 * punctuation and the text after starts in lower case: a page break), verbatim-record
 * artefacts (page numbers, job numbers, symbols, rules of underscores; each its own
 * sentence) and the record's page footer (its own sentences). Paragraphs and footers are
 * then cut at sentence-final punctuation. Everything outside a span is whitespace.
 */
#define _GNU_SOURCE
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct seg_state {
    tt_span *spans;
    size_t n, cap;
    pcre2_match_data *md;
};

seg_state *seg_new(void)
{
    return xcalloc(1, sizeof(seg_state));
}

void seg_free(seg_state *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    free(s->spans);
    free(s);
}

static void emit(seg_state *s, size_t a, size_t b)
{
    if (a >= b)
        return;
    VEC_GROW(s->spans, s->n, s->cap);
    s->spans[s->n].start = a;
    s->spans[s->n].end = b;
    s->n++;
}

/* ---- characters */

static uint32_t cp_at(const char *t, size_t i, size_t len, int *n)
{
    return u8_decode((const unsigned char *)t + i, (const unsigned char *)t + len, n);
}

/* Start of the code point that ends just before i (i > lo). */
static size_t cp_back(const char *t, size_t lo, size_t i)
{
    size_t j = i - 1;
    int k = 0;
    while (j > lo && k < 3 && ((unsigned char)t[j] & 0xC0) == 0x80) {
        j--;
        k++;
    }
    return j;
}

static inline bool is_space_at(const char *t, size_t i, size_t len, int *n)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *n = 1;
        return c <= 0x20 || c == 0x7F;
    }
    uint32_t cp = cp_at(t, i, len, n);
    return cp != U8_BAD && u8_is_space(cp);
}

static bool is_terminal(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203D || c == 0xFF0E ||
           c == 0xFF01 || c == 0xFF1F;
}

/* The last code point of t[a..b) that is not a closing quote or bracket; its offset in *at. */
static uint32_t last_before_closers(const char *t, size_t a, size_t b, size_t len, size_t *at)
{
    size_t i = b;
    while (i > a) {
        size_t j = cp_back(t, a, i);
        int n;
        uint32_t c = cp_at(t, j, len, &n);
        if (!u8_is_closer(c)) {
            *at = j;
            return c;
        }
        i = j;
    }
    *at = a;
    return 0;
}

/* The first code point of the word at i that is not an opening quote, bracket or dash. */
static uint32_t first_after_openers(const char *t, size_t i, size_t e, size_t len)
{
    while (i < e) {
        int n;
        uint32_t c = cp_at(t, i, len, &n);
        if (!u8_is_opener(c) && c != 0x2014 && c != 0x2013 && c != '-')
            return c;
        i += (size_t)n;
    }
    return 0;
}

/* ---- abbreviations */

static bool in_list(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, w, n) == 0)
            return true;
    return false;
}

/* Titles and the like: never end a sentence. */
static const char *const abbrev_always[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Prof", "St", "Sr", "Jr", "Mme", "Mlle",
    "Hon", "Rt", "Rev", "Gen", "Lt", "Col", "Capt", "Cmdr", "Sgt", "Gov", "Sen", "Rep",
    "Amb", "Excl", "vs", "cf", "viz", "approx", "resp", NULL};

/* Abbreviations that precede a number: "No. 5", "Art. 51", "para. 3", "Sept. 11". */
static const char *const abbrev_number[] = {
    "No", "Nos", "no", "nos", "Art", "Arts", "art", "para", "paras", "Para", "p", "pp",
    "Vol", "vol", "Ch", "ch", "Sec", "sec", "Fig", "fig", "Op", "op", "Res", "res", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", NULL};

/* "U.S", "U.N", "e.g", "i.e", "H.E": letters separated by single dots (the final dot
 * excluded), or one capital letter (an initial: "J. Smith"). */
static bool is_dotted(const char *w, size_t n)
{
    if (n == 1)
        return w[0] >= 'A' && w[0] <= 'Z';
    if (n < 3)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool letter = (w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z';
        if (i % 2 == 0 ? !letter : w[i] != '.')
            return false;
    }
    return n % 2 == 1;
}

static bool is_roman(const char *w, size_t n)
{
    if (n == 0 || n > 5)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("ivxIVX", w[i]))
            return false;
    return true;
}

/* An enumerator that opens a sentence: "1.", "a.", "iv.", "12." */
static bool is_enumerator(const char *w, size_t n)
{
    if (n == 0)
        return false;
    if (n <= 3) {
        size_t i = 0;
        while (i < n && w[i] >= '0' && w[i] <= '9')
            i++;
        if (i == n)
            return true;
    }
    if (n == 1 && ((w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z'))
        return true;
    return is_roman(w, n);
}

/* Words that open sentences and rarely follow an abbreviation inside one. */
static const char *const openers[] = {
    "The", "This", "These", "That", "Those", "We", "It", "Its", "In", "Our", "I", "He", "She",
    "They", "There", "As", "At", "But", "And", "However", "My", "Let", "Today", "On", "For",
    "With", "Such", "If", "When", "What", "Why", "How", NULL};

static bool starts_sentence(const char *t, size_t i, size_t e)
{
    size_t j = i;
    while (j < e && ((t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z'))
        j++;
    return in_list(t + i, j - i, openers);
}

/* Does the word t[cs..ce) end a sentence, given that the next word starts at ns (< e)? */
static bool ends_sentence(const char *t, size_t len, size_t cs, size_t ce, size_t ns, size_t e,
                          bool first)
{
    size_t at;
    uint32_t c = last_before_closers(t, cs, ce, len, &at);
    if (!is_terminal(c))
        return false;
    uint32_t next = first_after_openers(t, ns, e, len);
    if (u8_is_lower(next))
        return false;
    if (c != '.')
        return true;
    /* the word before the full stop, without opening quotes or brackets */
    size_t ws = cs;
    while (ws < at) {
        int n;
        uint32_t o = cp_at(t, ws, len, &n);
        if (!u8_is_opener(o))
            break;
        ws += (size_t)n;
    }
    const char *w = t + ws;
    size_t wn = at - ws;
    if (at + 1 < ce)
        return true; /* closers after the full stop: "said so.)" ends a sentence */
    if (first && is_enumerator(w, wn))
        return false;
    if (in_list(w, wn, abbrev_always))
        return false;
    if (is_dotted(w, wn))
        /* "the U.N. Charter" goes on; "for the U.N. The UN creates ..." ends */
        return wn >= 3 && w[0] >= 'A' && w[0] <= 'Z' && starts_sentence(t, ns, e);
    if (u8_is_digit(next) && in_list(w, wn, abbrev_number))
        return false;
    return true;
}

/* Cuts the block t[s..e) (trimmed) into sentences at final punctuation. */
static void split_block(seg_state *st, const char *t, size_t len, size_t s, size_t e)
{
    size_t i = s, sent = s;
    bool first = true;
    const unsigned char *u = (const unsigned char *)t;
    while (i < e) {
        size_t cs = i;
        int n;
        for (;;) { /* the word: printable ASCII runs in a tight loop */
            while (i < e && u[i] > 0x20 && u[i] < 0x7F)
                i++;
            if (i >= e || u[i] < 0x80 || is_space_at(t, i, len, &n))
                break;
            i += (size_t)n;
        }
        size_t ce = i;
        while (i < e && is_space_at(t, i, len, &n))
            i += (size_t)n;
        if (i >= e)
            break;
        /* only a word that ends in final punctuation or a closer can end a sentence */
        unsigned char lastc = u[ce - 1];
        if (lastc != '.' && lastc != '!' && lastc != '?' && lastc < 0x80 && !u8_is_closer(lastc)) {
            first = false;
            continue;
        }
        if (ends_sentence(t, len, cs, ce, i, e, first)) {
            emit(st, sent, ce);
            sent = i;
            first = true;
        } else {
            first = false;
        }
    }
    emit(st, sent, e);
}

/* ---- verbatim-record artefacts */

/* A whole line that is page furniture of the UN verbatim record (or of a delegation's PDF):
 * page numbers, job numbers, record symbols, dates, running headers of 1993-96, notes of
 * interpretation and of the chair, rules, "Check against delivery", page labels. */
static const char artefact_line_re[] =
    "^(?:"
    "\\d{1,3}(?:/\\d{1,3})?"                                        /* 25, 6/62 */
    "|\\d{2}/\\d{2}/\\d{4}(?:\\s+A/\\d{2}/PV\\.\\d{1,3})?"          /* 13/01/2021 */
    "|(?:\\d{1,3}(?:/\\d{1,3})?\\s+)?\\d{2}-\\d{5}(?:\\s+\\d{1,3}(?:/\\d{1,3})?)?"
    "(?:\\s+\\(E\\))?(?:\\s+\\d{6})?(?:\\s+\\*\\d{5,}\\*)?"          /* 27 10-55128, 17-29597 (E) *1729597* */
    "|A/\\d{2}/(?:PV\\.\\d{1,3}|\\d{2,4}(?:/Add\\.\\d+)?)(?:\\s+\\d{2}/\\d{2}/\\d{4})?" /* A/72/PV.14 21/09/2017 */
    "|_{3,}|-{3,}|\\*{3,}|\\*(?:\\s+\\*){2,}"                       /* rules */
    "|(?:\\d{1,3}\\s+)?General Assembly\\s+-\\s+\\w+-\\w+\\s+session" /* 14 General Assembly - Forty-eighth session */
    "|\\w+(?:-\\w+)?\\s+session\\s+-\\s+\\d{1,2}\\s+\\w+\\s+[l1]\\d{3}(?:\\s+\\d{1,3})?"
    "|General Assembly\\s+\\d{1,3}(?:st|nd|rd|th)\\s+(?:plenary\\s+)?meeting"
    "|\\w+(?:-\\w+)?\\s+session\\s+\\d{1,2}\\s+\\w+\\s+\\d{4}"       /* Fifty-first session 7 October 1996 */
    "|\\((?:spoke|continued) in \\w+[^)]{0,40}\\)"                 /* (spoke in English) */
    "|The (?:Acting )?President (?:returned to|took) the Chair\\."
    "|Check against delivery"
    "|Page\\s+\\d+(?:\\s*\\|\\s*\\d+)?|#{1,6}\\s+Page\\s+\\d+.*"
    ")$";

/* A page-of-pages and job number glued to the start of a text line: "2/42 17-29597 text". */
static const char artefact_prefix_re[] =
    "^(?:\\d{1,3}/\\d{1,3}\\s+\\d{2}-\\d{5}|\\d{2}-\\d{5}\\s+\\d{1,3}/\\d{1,3})(?=\\s+\\S)";

static pcre2_code *re_line, *re_prefix;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile_re(const char *pat)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                   &err, &off, NULL);
    if (re)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re; /* a fixed pattern: NULL only if pcre2 itself is broken; then no artefacts */
}

static void re_init(void)
{
    re_line = compile_re(artefact_line_re);
    re_prefix = compile_re(artefact_prefix_re);
}

/* Length of the artefact at the start of the line t[a..b): the whole line, a glued prefix,
 * or 0. Artefact lines are short; longer lines are not tried. */
static size_t artefact_prefix(seg_state *st, const char *t, size_t a, size_t b)
{
    unsigned char c = (unsigned char)t[a];
    bool digit = c >= '0' && c <= '9';
    if (b - a > 80 && !digit)
        return 0;
    pthread_once(&re_once, re_init);
    if (!st->md)
        st->md = pcre2_match_data_create(4, NULL);
    const PCRE2_SPTR s = (PCRE2_SPTR)(t + a);
    /* lenient input keeps invalid bytes in place: pcre2 checks the line and an error (a bad
     * byte) simply means "no artefact" */
    if (b - a <= 80 && re_line && pcre2_match(re_line, s, b - a, 0, 0, st->md, NULL) > 0)
        return b - a;
    if (digit && re_prefix && pcre2_match(re_prefix, s, b - a, 0, 0, st->md, NULL) > 0)
        return pcre2_get_ovector_pointer(st->md)[1];
    return 0;
}

static bool starts_with(const char *t, size_t a, size_t b, const char *lit)
{
    size_t n = strlen(lit);
    return b - a >= n && memcmp(t + a, lit, n) == 0;
}

static bool ends_with(const char *t, size_t a, size_t b, const char *lit)
{
    size_t n = strlen(lit);
    return b - a >= n && memcmp(t + b - n, lit, n) == 0;
}

static bool footer_start(const char *t, size_t a, size_t b)
{
    return starts_with(t, a, b, "This record contains the text of speeches delivered in");
}

static bool footer_end(const char *t, size_t a, size_t b)
{
    return ends_with(t, a, b, "corrigendum.") || ends_with(t, a, b, "documents.un.org).");
}

/* ---- lines */

typedef struct line {
    size_t cs, ce;   /* content, trimmed; cs == ce for a blank line */
    size_t next;     /* offset of the next line */
    bool para_sep;   /* ended by U+2029 PARAGRAPH SEPARATOR */
} line;

/* Does a non-ASCII line separator (U+2028, U+2029, NEL) start at t[i]? Its length and code
 * point in *n and *cp. */
static bool line_separator_at(const char *t, size_t i, size_t len, int *n, uint32_t *cp)
{
    unsigned char c = (unsigned char)t[i];
    if (c != 0xE2 && c != 0xC2)
        return false;
    uint32_t u = u8_decode((const unsigned char *)t + i, (const unsigned char *)t + len, n);
    *cp = u;
    return u == 0x2028 || u == 0x2029 || u == 0x85;
}

/* Reads the line that starts at i: its end (LF, CR, CRLF, U+2028, U+2029, NEL) by memchr,
 * then its content trimmed of whitespace at both ends. */
static void next_line(const char *t, size_t len, size_t i, line *L)
{
    const unsigned char *s = (const unsigned char *)t;
    /* the first LF or CR; bytes that may start U+2028, U+2029 or NEL are checked on the way */
    size_t e = i;
    int n = 0;
    uint32_t cp = 0;
    while (e < len) {
        unsigned char c = s[e];
        if (c == '\n' || c == '\r')
            break;
        if (c >= 0x80 && line_separator_at(t, e, len, &n, &cp))
            break;
        e++;
    }
    L->para_sep = false;
    L->next = e < len ? e + 1 : len;
    if (e < len && s[e] == '\r' && e + 1 < len && s[e + 1] == '\n')
        L->next = e + 2;
    if (e < len && s[e] >= 0x80) {
        L->next = e + (size_t)n;
        L->para_sep = cp == 0x2029;
    }
    size_t cs = u8_skip_space(t, i, e);
    size_t ce = e;
    while (ce > cs) {
        unsigned char c = s[ce - 1];
        if (c < 0x80) {
            if (c <= 0x20 || c == 0x7F) {
                ce--;
                continue;
            }
            break;
        }
        size_t j = ce - 1;
        while (j > cs && (s[j] & 0xC0) == 0x80)
            j--;
        int k;
        uint32_t u = u8_decode(s + j, s + len, &k);
        if (u == U8_BAD || !u8_is_space(u) || j + (size_t)k != ce)
            break;
        ce = j;
    }
    if (cs >= ce)
        cs = ce = e;
    L->cs = cs;
    L->ce = ce;
}

/* One paragraph a line? True when the 95th percentile of line lengths is over 120 bytes:
 * hard-wrapped speeches keep lines near 40-110 bytes, and files that put a paragraph on a
 * line have most lines far longer (short salutation lines do not move the percentile). */
static bool paragraph_lines(const char *t, size_t len)
{
    enum { CAP = 256 };
    size_t hist[CAP + 1] = {0}, lines = 0;
    line L;
    /* the first 2,000 lines tell (a speech has a few hundred; a corpus in one file as many as
     * it likes) */
    for (size_t i = 0; i < len && lines < 2000; i = L.next) {
        next_line(t, len, i, &L);
        size_t n = L.ce - L.cs;
        if (n == 0)
            continue;
        hist[n > CAP ? CAP : n]++;
        lines++;
    }
    size_t rank = lines - lines / 20, seen = 0; /* lines at or below the 95th percentile */
    for (size_t n = 0; n <= CAP; n++) {
        seen += hist[n];
        if (seen >= rank)
            return n > 120;
    }
    return false;
}

/* ---- blocks */

enum { B_NONE, B_TEXT, B_FOOTER };

typedef struct block {
    int kind;
    size_t s, e;
    bool closed; /* a footer that reached its last line */
} block;

static void flush(seg_state *st, const char *t, size_t len, block *b)
{
    if (b->kind != B_NONE)
        split_block(st, t, len, b->s, b->e);
    b->kind = B_NONE;
}

static bool block_open_end(const char *t, size_t len, const block *b)
{
    size_t at;
    uint32_t c = last_before_closers(t, b->s, b->e, len, &at);
    return !is_terminal(c);
}

void seg_run(seg_state *st, const char *t, size_t len, const tt_span **spans, size_t *n)
{
    st->n = 0;
    bool para_mode = paragraph_lines(t, len);
    block cur = {B_NONE, 0, 0, false};
    bool gap = false; /* a paragraph break since cur's last line */
    line L;
    for (size_t i = 0; i < len; i = L.next) {
        next_line(t, len, i, &L);
        size_t a = L.cs, b = L.ce;
        if (a == b) {
            gap = true;
            continue;
        }
        size_t art = artefact_prefix(st, t, a, b);
        if (art) {
            flush(st, t, len, &cur);
            size_t ae = a + art;
            emit(st, a, ae);
            a = u8_skip_space(t, ae, b);
            gap = true;
            if (a >= b)
                continue;
        }
        bool is_footer = footer_start(t, a, b);
        if (cur.kind != B_NONE && !is_footer) {
            bool wrap = !gap && !para_mode && !(cur.kind == B_FOOTER && cur.closed);
            bool join = cur.kind == B_TEXT && block_open_end(t, len, &cur) &&
                        u8_is_lower(first_after_openers(t, a, b, len));
            if (wrap || join) {
                cur.e = b;
                if (cur.kind == B_FOOTER && footer_end(t, a, b))
                    cur.closed = true;
                gap = L.para_sep || para_mode;
                continue;
            }
        }
        flush(st, t, len, &cur);
        cur.kind = is_footer ? B_FOOTER : B_TEXT;
        cur.s = a;
        cur.e = b;
        cur.closed = is_footer && footer_end(t, a, b);
        gap = L.para_sep || para_mode;
    }
    flush(st, t, len, &cur);
    *spans = st->spans;
    *n = st->n;
}
