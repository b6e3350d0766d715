/*
 * token.c - words and numbers of one sentence, with byte offsets and folded forms.
 *
 * A token is a run of letters and digits, with apostrophes between letters (don't),
 * dots or commas between digits (3.2, 110,000), dots in a capitals-and-dots acronym (U.N.),
 * and hyphens between parts (counter-terrorism). A hyphen at a line end before a lower-case
 * word joins the halves (informa-/tion), as does the verbatim record's "sixty- eighth".
 * A hyphenated token is emitted whole (COMPOUND) and then part by part (PART); each part
 * has a word position of its own and the whole spans them (pos..last).
 * A possessive 's is left out of the token (SCO's -> SCO).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 16

typedef struct part {
    size_t s, e;                 /* bytes in the text */
    uint32_t fold_off, fold_len; /* in t->str */
    uint32_t surf_off, surf_len;
    int upper, lower, letters, digits;
} part;

static uint32_t at(const char *text, size_t i, size_t end, int *n)
{
    return u8_decode((const unsigned char *)text + i, (const unsigned char *)text + end, n);
}

static bool is_wordc(uint32_t c)
{
    return (u8_is_alpha(c) || u8_is_digit(c)) && !u8_is_apostrophe(c); /* U+02BC is a letter */
}

static void str_cp(buf *b, uint32_t c)
{
    char tmp[4];
    buf_add(b, tmp, (size_t)u8_encode(c, tmp));
}

/* Words after which "pre- and post-conflict" keeps its hyphen open. */
static bool is_open_hyphen_word(const char *text, size_t i, size_t end)
{
    static const char *const words[] = {"and", "or", "to", "nor", "as", "but", "than", NULL};
    size_t j = i;
    while (j < end && (text[j] | 0x20) >= 'a' && (text[j] | 0x20) <= 'z')
        j++;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == j - i && memcmp(*w, text + i, j - i) == 0)
            return true;
    return false;
}

/* Capitals and dots: "U.N.", "U.S.A." (two letters at least). Returns the end or 0. */
static size_t dotted_acronym(const char *text, size_t i, size_t end)
{
    size_t j = i;
    int letters = 0;
    while (j + 1 < end && text[j] >= 'A' && text[j] <= 'Z' && text[j + 1] == '.') {
        j += 2;
        if (++letters > 8)
            return 0; /* no acronym is that long; and the scan stays linear */
    }
    if (letters < 2)
        return 0;
    if (j < end) {
        int n;
        if (is_wordc(at(text, j, end, &n)))
            return 0;
    }
    return j;
}

/* Reads one part at i: letters, digits and their inner connectors. */
static size_t read_part(tok_state *t, const char *text, size_t i, size_t end, part *p)
{
    p->s = i;
    p->upper = p->lower = p->letters = p->digits = 0;
    p->fold_off = (uint32_t)t->str.len;
    buf *surf = &t->scratch;
    surf->len = 0;
    uint32_t prev = 0;
    while (i < end) {
        int n;
        uint32_t c = at(text, i, end, &n);
        if (is_wordc(c)) {
            if (u8_is_digit(c))
                p->digits++;
            else {
                p->letters++;
                if (u8_is_upper(c))
                    p->upper++;
                else if (u8_is_lower(c))
                    p->lower++;
            }
            str_cp(&t->str, u8_fold(c));
            str_cp(surf, c);
            prev = c;
            i += (size_t)n;
            continue;
        }
        if (i + (size_t)n >= end)
            break;
        int n2;
        uint32_t next = at(text, i + (size_t)n, end, &n2);
        if (c == 0xAD && is_wordc(next)) { /* soft hyphen inside a word */
            i += (size_t)n;
            continue;
        }
        if (u8_is_apostrophe(c) && u8_is_alpha(prev) && u8_is_alpha(next)) {
            buf_addc(&t->str, '\'');
            buf_addc(surf, '\'');
            prev = '\'';
            i += (size_t)n;
            continue;
        }
        if ((c == '.' || c == ',') && u8_is_digit(prev) && u8_is_digit(next)) {
            buf_addc(&t->str, (char)c);
            buf_addc(surf, (char)c);
            prev = c;
            i += (size_t)n;
            continue;
        }
        break;
    }
    p->e = i;
    p->fold_len = (uint32_t)(t->str.len - p->fold_off);
    buf_addc(&t->str, '\0');
    p->surf_off = (uint32_t)t->str.len;
    p->surf_len = (uint32_t)surf->len;
    buf_add(&t->str, surf->data ? surf->data : "", surf->len);
    buf_addc(&t->str, '\0');
    return i;
}

/* After a part ending at i: is there a hyphen that links it to another part? Returns the
 * start of the next part, or 0. */
static size_t hyphen_link(const char *text, size_t i, size_t end)
{
    int n;
    if (i >= end || !u8_is_hyphen(at(text, i, end, &n)))
        return 0;
    size_t j = i + (size_t)n;
    if (j >= end)
        return 0;
    int n2;
    uint32_t c = at(text, j, end, &n2);
    if (is_wordc(c))
        return j;
    /* whitespace, then a lower-case word: a line-end hyphenation or "sixty- eighth" */
    bool line_break = false;
    size_t k = j;
    int spaces = 0;
    while (k < end) {
        c = at(text, k, end, &n2);
        if (c == U8_BAD || !u8_is_space(c))
            break;
        if (u8_is_line_break(c))
            line_break = true;
        spaces++;
        k += (size_t)n2;
    }
    if (k >= end || !u8_is_lower(c))
        return 0;
    if (line_break)
        return k;
    if (spaces == 1 && text[j] == ' ' && !is_open_hyphen_word(text, k, end))
        return k;
    return 0;
}

static void push(tok_state *t, size_t s, size_t e, unsigned flags, unsigned pos, unsigned last,
                 uint32_t fold_off, uint32_t fold_len, uint32_t key_off, uint32_t key_len,
                 uint32_t surf_off, uint32_t surf_len)
{
    VEC_GROW(t->toks, t->n, t->cap);
    tok_raw *r = &t->toks[t->n++];
    r->start = s;
    r->end = e;
    r->flags = flags;
    r->pos = pos;
    r->last = last;
    r->fold_off = fold_off;
    r->fold_len = fold_len;
    r->key_off = key_off;
    r->key_len = key_len;
    r->surf_off = surf_off;
    r->surf_len = surf_len;
}

static unsigned part_flags(const part *p)
{
    unsigned f = 0;
    if (p->letters == 0 && p->digits > 0)
        f |= TT_TOK_NUMBER;
    else
        f |= TT_TOK_WORD;
    return f;
}

/* Acronym: two to six capitals and no lower-case letter but a plural s (ICTs). */
static bool acronym(const tok_state *t, const part *p, bool *plural)
{
    *plural = false;
    if (p->upper < 2 || p->upper > 6)
        return false;
    if (p->lower == 0)
        return true;
    const char *surf = t->str.data + p->surf_off;
    if (p->lower == 1 && surf[p->surf_len - 1] == 's') {
        *plural = true;
        return true;
    }
    return false;
}

/* Adds a key string (fold without the given trailing bytes) and returns its offset. */
static uint32_t add_key(tok_state *t, uint32_t off, uint32_t len)
{
    uint32_t k = (uint32_t)t->str.len;
    buf_add_self(&t->str, off, len);
    buf_addc(&t->str, '\0');
    return k;
}

static bool ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The common case in one pass: a word of ASCII letters and digits that nothing can extend
 * (no apostrophe, hyphen, inner dot or comma, non-ASCII letter after it). Emits the token
 * (TOK_FAST: its fold and key are the lower-cased text, key_len long) and returns its end,
 * or returns 0 for the general path. */
static size_t fast_word(tok_state *t, const char *text, size_t i, size_t end, unsigned *pos)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t j = i;
    int upper = 0, lower = 0, digits = 0;
    while (j < end && ascii_alnum(s[j])) {
        unsigned char c = s[j];
        if (c <= '9')
            digits++;
        else if (c <= 'Z')
            upper++;
        else
            lower++;
        j++;
    }
    if (j < end) {
        unsigned char c = s[j];
        if (c >= 0x80 || c == '\'' || c == '-' || c == '`')
            return 0;
        if ((c == '.' || c == ',') && j + 1 < end && ascii_alnum(s[j + 1]))
            return 0; /* 3.2, 110,000, U.N. */
        if (c == '.' && j - i == 1)
            return 0; /* an initial or a dotted acronym */
    }
    size_t n = j - i;
    unsigned flags = TOK_FAST | ((upper + lower == 0) ? TT_TOK_NUMBER : TT_TOK_WORD);
    if (s[i] >= 'A' && s[i] <= 'Z')
        flags |= TT_TOK_CAPITAL;
    uint32_t key_len = (uint32_t)n;
    if (upper >= 2 && upper <= 6 && (lower == 0 || (lower == 1 && s[j - 1] == 's'))) {
        flags |= TT_TOK_ACRONYM;
        if (lower == 1)
            key_len--; /* ICTs -> ict */
    }
    (void)digits;
    /* no strings: the surface is text[i..j); the scanner's word cache folds it once a type */
    push(t, i, j, flags, *pos, *pos, 0, (uint32_t)n, 0, key_len, 0, (uint32_t)n);
    (*pos)++;
    return j;
}

void tok_run(tok_state *t, const char *text, size_t start, size_t end, unsigned pos0)
{
    t->n = 0;
    t->str.len = 0;
    unsigned pos = pos0;
    size_t i = start;
    part parts[MAX_PARTS];
    const unsigned char *us = (const unsigned char *)text;
    while (i < end) {
        /* ASCII between words: spaces and punctuation, skipped without decoding */
        if (us[i] < 0x80 && !ascii_alnum(us[i])) {
            i++;
            continue;
        }
        int n;
        uint32_t c = at(text, i, end, &n);
        if (!is_wordc(c)) {
            i += (size_t)n;
            continue;
        }
        size_t tok_s = i;
        if (c < 0x80 && t->lazy) {
            size_t fe = fast_word(t, text, i, end, &pos);
            if (fe) {
                i = fe;
                continue;
            }
        }
        size_t da = dotted_acronym(text, i, end);
        if (da) {
            uint32_t off = (uint32_t)t->str.len;
            for (size_t j = i; j < da; j += 2)
                buf_addc(&t->str, (char)(text[j] | 0x20));
            uint32_t len = (uint32_t)(t->str.len - off);
            buf_addc(&t->str, '\0');
            uint32_t soff = (uint32_t)t->str.len;
            buf_add(&t->str, text + i, da - i);
            buf_addc(&t->str, '\0');
            push(t, tok_s, da, TT_TOK_WORD | TT_TOK_ACRONYM | TT_TOK_CAPITAL, pos, pos, off, len,
                 off, len, soff, (uint32_t)(da - i));
            pos++;
            i = da;
            continue;
        }
        int np = 0;
        for (;;) {
            part *p = &parts[np];
            i = read_part(t, text, i, end, p);
            np++;
            if (np == MAX_PARTS)
                break; /* a longer chain goes on as a new token after the hyphen */
            size_t next = hyphen_link(text, i, end);
            if (!next)
                break;
            i = next;
        }
        /* possessive 's: drop it from the last part */
        unsigned possessive = 0;
        part *last = &parts[np - 1];
        const char *lf = t->str.data + last->fold_off;
        if (last->fold_len > 2 && lf[last->fold_len - 2] == '\'' && lf[last->fold_len - 1] == 's') {
            last->fold_len -= 2;
            last->surf_len -= 2;
            t->str.data[last->fold_off + last->fold_len] = '\0';
            t->str.data[last->surf_off + last->surf_len] = '\0';
            last->lower--;
            last->letters--;
            /* back over the s and the apostrophe (1 to 3 bytes) */
            size_t e = last->e - 1;
            e = e - 1;
            while (e > last->s && ((unsigned char)text[e] & 0xC0) == 0x80)
                e--;
            last->e = e;
            possessive = TT_TOK_POSSESSIVE;
        }
        size_t tok_e = last->e;
        unsigned cap = 0;
        {
            int cn;
            if (u8_is_upper(at(text, tok_s, end, &cn)))
                cap = TT_TOK_CAPITAL;
        }
        if (np == 1) {
            bool plural;
            unsigned f = part_flags(last) | cap | possessive;
            uint32_t klen = last->fold_len;
            if (acronym(t, last, &plural)) {
                f |= TT_TOK_ACRONYM;
                if (plural)
                    klen--;
            }
            uint32_t key = add_key(t, last->fold_off, klen);
            push(t, tok_s, tok_e, f, pos, pos, last->fold_off, last->fold_len, key, klen,
                 last->surf_off, last->surf_len);
            pos++;
            continue;
        }
        /* compound: whole fold with hyphens, key without, surface with hyphens */
        uint32_t fold_off = (uint32_t)t->str.len;
        for (int k = 0; k < np; k++) {
            if (k)
                buf_addc(&t->str, '-');
            buf_add_self(&t->str, parts[k].fold_off, parts[k].fold_len);
        }
        uint32_t fold_len = (uint32_t)(t->str.len - fold_off);
        buf_addc(&t->str, '\0');
        uint32_t key_off = (uint32_t)t->str.len;
        bool all_num = true;
        for (int k = 0; k < np; k++) {
            buf_add_self(&t->str, parts[k].fold_off, parts[k].fold_len);
            if (!(part_flags(&parts[k]) & TT_TOK_NUMBER))
                all_num = false;
        }
        uint32_t key_len = (uint32_t)(t->str.len - key_off);
        buf_addc(&t->str, '\0');
        uint32_t surf_off = (uint32_t)t->str.len;
        for (int k = 0; k < np; k++) {
            if (k)
                buf_addc(&t->str, '-');
            buf_add_self(&t->str, parts[k].surf_off, parts[k].surf_len);
        }
        uint32_t surf_len = (uint32_t)(t->str.len - surf_off);
        buf_addc(&t->str, '\0');
        unsigned wf = (all_num ? TT_TOK_NUMBER : TT_TOK_WORD) | TT_TOK_COMPOUND | cap | possessive;
        push(t, tok_s, tok_e, wf, pos, pos + (unsigned)np - 1, fold_off, fold_len, key_off, key_len,
             surf_off, surf_len);
        for (int k = 0; k < np; k++) {
            part *p = &parts[k];
            bool plural;
            unsigned f = part_flags(p) | TT_TOK_PART;
            int cn;
            if (u8_is_upper(at(text, p->s, end, &cn)))
                f |= TT_TOK_CAPITAL;
            uint32_t klen = p->fold_len;
            if (acronym(t, p, &plural)) {
                f |= TT_TOK_ACRONYM;
                if (plural)
                    klen--;
            }
            uint32_t key = add_key(t, p->fold_off, klen);
            push(t, p->s, p->e, f, pos + (unsigned)k, pos + (unsigned)k, p->fold_off, p->fold_len,
                 key, klen, p->surf_off, p->surf_len);
        }
        pos += (unsigned)np;
    }
}

void tok_free(tok_state *t)
{
    free(t->toks);
    buf_free(&t->str);
    buf_free(&t->scratch);
    t->toks = NULL;
    t->n = t->cap = 0;
}
