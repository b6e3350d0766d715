/*
 * utf8.c - strict UTF-8 decoding and validation, character classes and case folding.
 * Classes and folding for non-ASCII letters come from the C library's Unicode tables
 * (the C.UTF-8 locale, as a locale object: thread-safe, independent of the caller's locale).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wctype.h>

uint32_t u8_decode(const unsigned char *s, const unsigned char *end, int *len)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    int need;
    uint32_t cp, min;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        min = 0x800;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        min = 0x10000;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        *len = 1;
        return U8_BAD;
    }
    int i = 1;
    for (; i <= need; i++) {
        if (s + i >= end) {
            *len = i;
            return U8_BAD;
        }
        unsigned b = s[i];
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *len = i;
            return U8_BAD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    (void)min;
    *len = need + 1;
    return cp;
}

int u8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int tt_utf8_valid(const char *text, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    const unsigned char *p = s;
    while (p < end) {
        /* ASCII runs eight bytes at a time */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ull)
                break;
            p += 8;
        }
        if (p >= end)
            break;
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n;
        if (u8_decode(p, end, &n) == U8_BAD) {
            if (bad)
                *bad = (size_t)(p - s);
            return 0;
        }
        p += n;
    }
    return 1;
}

static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!utf8_locale)
        utf8_locale = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
}

static locale_t loc(void)
{
    pthread_once(&utf8_once, utf8_locale_init);
    return utf8_locale;
}

bool u8_is_space(uint32_t c)
{
    if (c < 0x80)
        return c <= 0x20 || c == 0x7F;
    return (c >= 0x80 && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == 0xFEFF;
}

bool u8_is_line_break(uint32_t c)
{
    return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

bool u8_is_alpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c == U8_BAD)
        return false;
    if (c >= 0x300 && c <= 0x36F) /* combining diacritics continue a word */
        return true;
    locale_t l = loc();
    return l ? iswalpha_l((wint_t)c, l) != 0 : false;
}

bool u8_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

bool u8_is_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    if (c == U8_BAD)
        return false;
    locale_t l = loc();
    return l ? iswlower_l((wint_t)c, l) != 0 : false;
}

bool u8_is_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c == U8_BAD)
        return false;
    locale_t l = loc();
    return l ? iswupper_l((wint_t)c, l) != 0 : false;
}

uint32_t u8_fold(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c == U8_BAD)
        return c;
    if (c == 0x3C2) /* final sigma folds to sigma */
        return 0x3C3;
    locale_t l = loc();
    return l ? (uint32_t)towlower_l((wint_t)c, l) : c;
}

bool u8_is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2032 || c == 0x60;
}

bool u8_is_hyphen(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

bool u8_is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x2019 ||
           c == 0x201D || c == 0x00BB || c == 0x203A || c == 0x300D || c == 0x300F;
}

bool u8_is_opener(uint32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == 0x2018 ||
           c == 0x201C || c == 0x00AB || c == 0x2039 || c == 0x201E || c == 0x300C ||
           c == 0x300E;
}

size_t u8_skip_space(const char *t, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)t, *end = s + len;
    while (i < len) {
        if (s[i] < 0x80) {
            if (!(s[i] <= 0x20 || s[i] == 0x7F))
                return i;
            i++;
            continue;
        }
        int n;
        uint32_t c = u8_decode(s + i, end, &n);
        if (c == U8_BAD || !u8_is_space(c))
            return i;
        i += (size_t)n;
    }
    return len;
}

void u8_collapse_part(buf *b, const char *text, size_t start, size_t end, u8_collapser *st)
{
    const unsigned char *s = (const unsigned char *)text, *e = s + end;
    /* the result is never longer than the input, but for U+FFFD replacing single bytes */
    buf_reserve(b, 3 * (end - start) + 1);
    size_t i = start;
    while (i < end) {
        unsigned c0 = s[i];
        if (c0 < 0x80) {
            if (c0 <= 0x20 || c0 == 0x7F) {
                st->space = true;
                i++;
                continue;
            }
            if (st->space && st->any)
                b->data[b->len++] = ' ';
            st->space = false;
            st->any = true;
            /* a run of printable ASCII in one copy */
            size_t j = i + 1;
            while (j < end && s[j] > 0x20 && s[j] < 0x7F)
                j++;
            memcpy(b->data + b->len, s + i, j - i);
            b->len += j - i;
            i = j;
            continue;
        }
        int n;
        uint32_t c = u8_decode(s + i, e, &n);
        if (c != U8_BAD && u8_is_space(c)) {
            st->space = true;
        } else {
            if (st->space && st->any)
                b->data[b->len++] = ' ';
            st->space = false;
            st->any = true;
            if (c == U8_BAD) {
                memcpy(b->data + b->len, "\xEF\xBF\xBD", 3);
                b->len += 3;
            } else {
                memcpy(b->data + b->len, s + i, (size_t)n);
                b->len += (size_t)n;
            }
        }
        i += (size_t)n;
    }
    b->data[b->len] = '\0';
}

void u8_collapse(buf *b, const char *text, size_t start, size_t end)
{
    u8_collapser st = {false, false};
    u8_collapse_part(b, text, start, end, &st);
    if (!b->data)
        buf_reserve(b, 1);
}

size_t u8_cut_point(const char *text, size_t i, size_t end)
{
    for (; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned char p = (unsigned char)text[i - 1];
        if ((c == ' ' || c == '\n' || c == '\t') && p > 0x20 && p != '-')
            return i;
    }
    return end;
}
