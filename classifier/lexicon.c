/*
 * lexicon.c - lexicon files: UTF-8, one entry a line, '#' comments, an optional note after
 * " -- ". An entry is written like an inline term of a rule:
 *   word      matches by Snowball stem (British and American spellings alike)
 *   word*     a prefix glob on the case-folded word
 *   =Word     exactly as written, case included
 *   "a phrase of words"   consecutive words, each normalised like a term
 *   /regex/   a PCRE2 pattern over the sentence text (caseless; /regex/c keeps case)
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           c == '-' || c == '\'' || c == '.' || c == '_';
}

/* End of the quoted phrase or regex starting at s[i] (its closing delimiter), or 0. */
static size_t closing(const char *s, size_t i, size_t n, char delim)
{
    for (size_t j = i + 1; j < n; j++) {
        if (s[j] == '\\' && j + 1 < n) {
            j++;
            continue;
        }
        if (s[j] == delim)
            return j;
    }
    return 0;
}

bool lex_load(rule_src *src, const char *path, const char *name, lexicon *lx, diag_sink *d)
{
    src_file *f = rp_load(src, path);
    if (!f)
        return false;
    memset(lx, 0, sizeof *lx);
    lx->name = xstrdup(name);
    lx->file = f;
    const char *s = f->text;
    size_t pos = 0;
    unsigned line = 0;
    while (pos < f->len) {
        line++;
        size_t ls = pos, le = pos;
        while (le < f->len && s[le] != '\n')
            le++;
        pos = le < f->len ? le + 1 : le;
        if (le > ls && s[le - 1] == '\r')
            le--;
        size_t i = ls;
        if (line == 1 && le - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
            i += 3;
        while (i < le && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= le || s[i] == '#')
            continue;
        lex_entry e;
        memset(&e, 0, sizeof e);
        e.loc = (src_loc){f, line, (unsigned)(i - ls + 1)};
        size_t te; /* end of the term */
        char c = s[i];
        if (c == '"' || c == '/') {
            size_t close = closing(s, i, le, c);
            if (!close) {
                rl_report(d, TT_ERROR, e.loc, c == '"' ? "unterminated phrase: expected '\"'"
                                                      : "unterminated regular expression: expected '/'");
                continue;
            }
            buf b = {0};
            for (size_t j = i + 1; j < close; j++) {
                if (s[j] == '\\' && j + 1 < close && (s[j + 1] == c || (c == '"' && s[j + 1] == '\\')))
                    j++;
                buf_addc(&b, s[j]);
            }
            e.text = arena_strndup(&src->strings, b.data ? b.data : "", b.len);
            buf_free(&b);
            te = close + 1;
            if (c == '/') {
                size_t fs = te;
                while (te < le && ((s[te] | 0x20) >= 'a' && (s[te] | 0x20) <= 'z'))
                    te++;
                e.kind = 1;
                e.flags = arena_strndup(&src->strings, s + fs, te - fs);
            } else {
                e.term = T_PHRASE;
            }
        } else {
            size_t ws = i;
            if (c == '=') {
                e.term = T_EXACT;
                ws++;
            }
            te = ws;
            while (te < le && word_byte((unsigned char)s[te]))
                te++;
            if (te == ws) {
                rl_report(d, TT_ERROR, (src_loc){f, line, (unsigned)(ws - ls + 1)},
                          "expected a word, word*, =Word, \"a phrase\" or /regex/");
                continue;
            }
            if (te < le && s[te] == '*') {
                if (e.term == T_EXACT) {
                    rl_report(d, TT_ERROR, (src_loc){f, line, (unsigned)(te - ls + 1)},
                              "an exact term (=Word) cannot be a glob");
                    continue;
                }
                e.term = T_GLOB;
                te++;
            }
            e.text = arena_strndup(&src->strings, s + ws, te - ws);
        }
        /* the rest: spaces, then nothing, a comment or " -- note" */
        size_t r = te;
        while (r < le && (s[r] == ' ' || s[r] == '\t'))
            r++;
        if (r < le && s[r] == '#') {
            r = le;
        } else if (r + 1 < le && s[r] == '-' && s[r + 1] == '-' && r > te) {
            size_t ns = r + 2;
            while (ns < le && (s[ns] == ' ' || s[ns] == '\t'))
                ns++;
            size_t ne = le;
            while (ne > ns && (s[ne - 1] == ' ' || s[ne - 1] == '\t'))
                ne--;
            e.note = arena_strndup(&src->strings, s + ns, ne - ns);
            r = le;
        }
        if (r < le) {
            rl_report(d, TT_ERROR, (src_loc){f, line, (unsigned)(r - ls + 1)},
                      "expected one entry a line, then nothing, '# comment' or ' -- note' "
                      "(write several words as a \"quoted phrase\")");
            continue;
        }
        VEC_GROW(lx->entries, lx->n, lx->cap);
        lx->entries[lx->n++] = e;
    }
    return true;
}

void lex_free(lexicon *lx)
{
    free(lx->name);
    free(lx->entries);
    memset(lx, 0, sizeof *lx);
}
