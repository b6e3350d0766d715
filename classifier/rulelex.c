/*
 * rulelex.c - the lexer of rule files, and the compiler-style diagnostics of the rule
 * compiler (FILE:LINE:COL: error: message, then the source line and a caret).
 */
#include "rules.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void rl_report(diag_sink *d, tt_severity sev, src_loc at, const char *fmt, ...)
{
    if (sev == TT_ERROR)
        d->errors++;
    else if (sev == TT_WARNING)
        d->warnings++;
    if (!d->fn || (sev == TT_WARNING && !d->warnings_on))
        return;
    if (sev == TT_ERROR && d->errors > MAX_ERRORS)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char line[512];
    const char *source = NULL;
    if (at.file && at.line) {
        const char *p = at.file->text;
        for (unsigned l = 1; l < at.line && p; l++) {
            p = strchr(p, '\n');
            if (p)
                p++;
        }
        if (p) {
            size_t n = strcspn(p, "\r\n");
            if (n >= sizeof line)
                n = sizeof line - 1;
            memcpy(line, p, n);
            line[n] = '\0';
            source = line;
        }
    }
    tt_diag dg = {sev, at.file ? at.file->path : NULL, at.line, at.line ? (at.col ? at.col : 1) : 0,
                  -1, msg, source};
    d->fn(&dg, d->ud);
    if (sev == TT_ERROR && d->errors == MAX_ERRORS) {
        tt_diag stop = {TT_ERROR, at.file ? at.file->path : NULL, 0, 0, -1,
                        "too many errors; stopping here", NULL};
        d->fn(&stop, d->ud);
    }
}

void rl_init(rl_lexer *lx, const src_file *f, arena *strings, diag_sink *d)
{
    memset(lx, 0, sizeof *lx);
    lx->file = f;
    lx->line = 1;
    lx->strings = strings;
    lx->diag = d;
    lx->at_line_start = true;
    if (f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) {
        lx->pos = 3; /* a byte-order mark */
        lx->line_pos = 3;
    }
}

static src_loc here(const rl_lexer *lx, size_t pos)
{
    src_loc l = {lx->file, lx->line, (unsigned)(pos - lx->line_pos + 1)};
    return l;
}

/* Word characters: letters (any non-ASCII byte), digits and - ' . _ ; a word may not end
 * in '.' unless it is an abbreviation with inner dots (U.N.). */
static bool word_char(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           c == '-' || c == '\'' || c == '.' || c == '_';
}

bool rl_is(const rl_token *t, const char *word)
{
    return t->kind == RL_WORD && strlen(word) == t->len && memcmp(t->start, word, t->len) == 0;
}

rl_token rl_next(rl_lexer *lx)
{
    const char *s = lx->file->text;
    size_t n = lx->file->len;
    rl_token t;
    memset(&t, 0, sizeof t);
    size_t before = lx->pos;
    /* whitespace and comments */
    for (;;) {
        while (lx->pos < n && (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\r' ||
                               s[lx->pos] == '\n')) {
            if (s[lx->pos] == '\n') {
                lx->line++;
                lx->line_pos = lx->pos + 1;
                lx->at_line_start = true;
            }
            lx->pos++;
        }
        if (lx->pos < n && s[lx->pos] == '#') {
            while (lx->pos < n && s[lx->pos] != '\n')
                lx->pos++;
            continue;
        }
        break;
    }
    t.glued = lx->pos == before && before > 0;
    t.line_start = lx->at_line_start;
    lx->at_line_start = false;
    t.start = s + lx->pos;
    t.loc = here(lx, lx->pos);
    if (lx->pos >= n) {
        t.kind = RL_EOF;
        return t;
    }
    unsigned char c = (unsigned char)s[lx->pos];
    size_t st = lx->pos;
    switch (c) {
    case '(': t.kind = RL_LPAREN; lx->pos++; break;
    case ')': t.kind = RL_RPAREN; lx->pos++; break;
    case ',': t.kind = RL_COMMA; lx->pos++; break;
    case ':': t.kind = RL_COLON; lx->pos++; break;
    case '=': t.kind = RL_EQUALS; lx->pos++; break;
    case '"': {
        buf b = {0};
        lx->pos++;
        bool closed = false;
        while (lx->pos < n && s[lx->pos] != '\n') {
            if (s[lx->pos] == '\\' && lx->pos + 1 < n && (s[lx->pos + 1] == '"' || s[lx->pos + 1] == '\\')) {
                buf_addc(&b, s[lx->pos + 1]);
                lx->pos += 2;
                continue;
            }
            if (s[lx->pos] == '"') {
                closed = true;
                lx->pos++;
                break;
            }
            buf_addc(&b, s[lx->pos++]);
        }
        if (!closed)
            rl_report(lx->diag, TT_ERROR, t.loc, "unterminated string: expected '\"' before the end of the line");
        t.kind = RL_STRING;
        t.value = arena_strndup(lx->strings, b.data ? b.data : "", b.len);
        buf_free(&b);
        break;
    }
    case '/': {
        buf b = {0};
        lx->pos++;
        bool closed = false;
        while (lx->pos < n && s[lx->pos] != '\n') {
            if (s[lx->pos] == '\\' && lx->pos + 1 < n && s[lx->pos + 1] == '/') {
                buf_addc(&b, '/');
                lx->pos += 2;
                continue;
            }
            if (s[lx->pos] == '\\' && lx->pos + 1 < n) {
                buf_addc(&b, '\\');
                buf_addc(&b, s[lx->pos + 1]);
                lx->pos += 2;
                continue;
            }
            if (s[lx->pos] == '/') {
                closed = true;
                lx->pos++;
                break;
            }
            buf_addc(&b, s[lx->pos++]);
        }
        if (!closed)
            rl_report(lx->diag, TT_ERROR, t.loc,
                      "unterminated regular expression: expected '/' before the end of the line");
        size_t fs = lx->pos;
        while (lx->pos < n && ((s[lx->pos] | 0x20) >= 'a' && (s[lx->pos] | 0x20) <= 'z'))
            lx->pos++;
        t.kind = RL_REGEX;
        t.value = arena_strndup(lx->strings, b.data ? b.data : "", b.len);
        t.flags = arena_strndup(lx->strings, s + fs, lx->pos - fs);
        buf_free(&b);
        break;
    }
    case '@': {
        lx->pos++;
        size_t ws = lx->pos;
        while (lx->pos < n && word_char((unsigned char)s[lx->pos]))
            lx->pos++;
        t.kind = RL_LEX;
        t.value = arena_strndup(lx->strings, s + ws, lx->pos - ws);
        if (lx->pos == ws)
            rl_report(lx->diag, TT_ERROR, here(lx, lx->pos), "expected a lexicon name after '@'");
        break;
    }
    default:
        if (word_char(c) && c != '.' && c != '-' && c != '\'') {
            while (lx->pos < n && word_char((unsigned char)s[lx->pos]))
                lx->pos++;
            /* near/K */
            if (lx->pos - st == 4 && memcmp(s + st, "near", 4) == 0 && lx->pos < n && s[lx->pos] == '/') {
                size_t ds = ++lx->pos;
                while (lx->pos < n && s[lx->pos] >= '0' && s[lx->pos] <= '9')
                    lx->pos++;
                t.kind = RL_NEAR;
                if (lx->pos == ds || lx->pos - ds > 4) {
                    rl_report(lx->diag, TT_ERROR, here(lx, ds),
                              "expected a number of words from 0 to 9999 after 'near/'");
                    t.number = 1;
                } else {
                    t.number = atoi(s + ds);
                }
                break;
            }
            /* a trailing full stop ends a sentence, not a word, unless the word has inner dots */
            if (s[lx->pos - 1] == '.' && !memchr(s + st, '.', lx->pos - 1 - st))
                lx->pos--;
            if (lx->pos < n && s[lx->pos] == '*')
                lx->pos++; /* glob */
            t.kind = RL_WORD;
            t.value = arena_strndup(lx->strings, s + st, lx->pos - st);
            break;
        }
        t.kind = RL_BAD;
        lx->pos++;
        while (lx->pos < n && ((unsigned char)s[lx->pos] & 0xC0) == 0x80)
            lx->pos++;
        break;
    }
    t.len = lx->pos - st;
    return t;
}
