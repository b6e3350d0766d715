/*
 * reader.c - turns an input stream into documents: the whole stream (text), one line each
 * (lines), or one JSON object a line (jsonl). UTF-8 is checked here, once; with
 * TT_READ_LENIENT a bad sequence stays in place and later stages read it as U+FFFD, so that
 * offsets keep counting the bytes as stored.
 *
 * Memory: text input is held once, in one buffer; lines and JSONL hold one line at a time
 * (a JSON string is decoded in place, never copied).
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK 65536

struct tt_reader {
    FILE *in;
    char *name;
    tt_input_mode mode;
    unsigned flags;
    tt_diag_fn diag;
    void *ud;
    /* buffered input for line modes */
    char *chunk;
    size_t clen, cpos;
    bool eof;
    unsigned long long offset; /* stream offset of chunk[cpos] */
    unsigned long lineno;
    buf line;
    unsigned long long line_start;
    /* the current document */
    char *text;    /* text mode: the whole stream */
    bool done;
    char idbuf[32];
    buf id;
};

tt_reader *tt_reader_new(FILE *in, const char *name, tt_input_mode mode, unsigned flags,
                         tt_diag_fn diag, void *userdata)
{
    if (!in)
        return NULL;
    tt_reader *r = xcalloc(1, sizeof *r);
    r->in = in;
    r->name = xstrdup(name ? name : "-");
    r->mode = mode;
    r->flags = flags;
    r->diag = diag;
    r->ud = userdata;
    return r;
}

void tt_reader_free(tt_reader *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->chunk);
    free(r->text);
    buf_free(&r->line);
    buf_free(&r->id);
    free(r);
}

static tt_status io_error(tt_reader *r)
{
    diag_emit(r->diag, r->ud, TT_ERROR, r->name, 0, 0, -1, NULL, "read error: %s",
              strerror(errno));
    r->done = true;
    return TT_ERR_IO;
}

/* Counts the bad UTF-8 sequences of text and reports the first one. Returns the count. */
static size_t check_utf8(tt_reader *r, const char *label, unsigned long line, const char *text,
                         size_t len, unsigned long long base)
{
    size_t bad, count = 0, first = 0;
    size_t i = 0;
    while (i < len && !tt_utf8_valid(text + i, len - i, &bad)) {
        if (count++ == 0)
            first = i + bad;
        int n;
        u8_decode((const unsigned char *)text + i + bad, (const unsigned char *)text + len, &n);
        i += bad + (size_t)n;
        if (!(r->flags & TT_READ_LENIENT))
            break;
    }
    if (count == 0)
        return 0;
    if (!(r->flags & TT_READ_LENIENT))
        diag_emit(r->diag, r->ud, TT_ERROR, label, (unsigned)line, 0, (long long)(base + first),
                  NULL, "invalid UTF-8 at byte %llu", base + first);
    else if (count == 1)
        diag_emit(r->diag, r->ud, TT_WARNING, label, (unsigned)line, 0, (long long)(base + first),
                  NULL, "invalid UTF-8 at byte %llu replaced by U+FFFD", base + first);
    else
        diag_emit(r->diag, r->ud, TT_WARNING, label, (unsigned)line, 0, (long long)(base + first),
                  NULL, "invalid UTF-8 at byte %llu and %zu more places replaced by U+FFFD",
                  base + first, count - 1);
    return count;
}

/* ---- text mode */

static tt_status read_all(tt_reader *r, tt_doc *doc)
{
    r->done = true;
    size_t cap = CHUNK, len = 0;
    struct stat st;
    if (fstat(fileno(r->in), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 1;
    char *t = xmalloc(cap + 1);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            t = xrealloc(t, cap + 1);
        }
        size_t got = fread(t + len, 1, cap - len, r->in);
        len += got;
        if (got == 0) {
            if (ferror(r->in)) {
                free(t);
                return io_error(r);
            }
            break;
        }
    }
    t[len] = '\0';
    free(r->text);
    r->text = t;
    memset(doc, 0, sizeof *doc);
    doc->id = r->name;
    doc->text = t;
    doc->len = len;
    doc->bad_utf8 = check_utf8(r, r->name, 0, t, len, 0);
    if (doc->bad_utf8 && !(r->flags & TT_READ_LENIENT))
        return TT_ERR_UTF8;
    return TT_OK;
}

/* ---- line modes */

static bool fill(tt_reader *r)
{
    if (r->eof)
        return false;
    if (!r->chunk)
        r->chunk = xmalloc(CHUNK);
    r->offset += r->clen;
    r->clen = fread(r->chunk, 1, CHUNK, r->in);
    r->cpos = 0;
    if (r->clen == 0) {
        r->eof = true;
        return false;
    }
    return true;
}

/* Reads one line (without its LF, CRLF or CR end) into r->line. False at the end. */
static bool read_line(tt_reader *r)
{
    r->line.len = 0;
    if (r->cpos >= r->clen && !fill(r))
        return false;
    r->line_start = r->offset + r->cpos;
    r->lineno++;
    for (;;) {
        if (r->cpos >= r->clen && !fill(r))
            break;
        const char *p = r->chunk + r->cpos;
        size_t n = r->clen - r->cpos;
        const char *nl = memchr(p, '\n', n);
        const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : n);
        const char *stop = cr ? cr : nl;
        if (!stop) {
            buf_add(&r->line, p, n);
            r->cpos = r->clen;
            continue;
        }
        buf_add(&r->line, p, (size_t)(stop - p));
        r->cpos += (size_t)(stop - p) + 1;
        if (*stop == '\r') {
            if (r->cpos >= r->clen)
                fill(r);
            if (r->cpos < r->clen && r->chunk[r->cpos] == '\n')
                r->cpos++;
        }
        break;
    }
    if (!r->line.data)
        buf_reserve(&r->line, 1);
    r->line.data[r->line.len] = '\0';
    return true;
}

/* ---- JSON (one object a line; strings decoded in place) */

typedef struct jp {
    char *s;
    size_t n, i;
    const char *err;
    size_t err_at;
    bool lenient;
} jp;

static void jskip(jp *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r'))
        p->i++;
}

static bool jfail(jp *p, const char *what)
{
    if (!p->err) {
        p->err = what;
        p->err_at = p->i;
    }
    return false;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v |= (c | 0x20) - 'a' + 10;
        else
            return -1;
    }
    return v;
}

/* Decodes the string at p->i (at its opening quote) in place: *out, *outlen. */
static bool jstring(jp *p, char **out, size_t *outlen)
{
    if (p->i >= p->n || p->s[p->i] != '"')
        return jfail(p, "expected a string");
    p->i++;
    char *w = p->s + p->i;
    char *start = w;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            *out = start;
            *outlen = (size_t)(w - start);
            return true;
        }
        if (c < 0x20)
            return jfail(p, "control character inside a string (escape it)");
        if (c != '\\') {
            *w++ = (char)c;
            p->i++;
            continue;
        }
        if (p->i + 1 >= p->n)
            return jfail(p, "unterminated string");
        char e = p->s[p->i + 1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (simple && e) {
            static const char map[] = "\"\\/\b\f\n\r\t";
            *w++ = map[simple - "\"\\/bfnrt"];
            p->i += 2;
            continue;
        }
        if (e != 'u')
            return jfail(p, "invalid escape in a string");
        if (p->i + 6 > p->n || hex4(p->s + p->i + 2) < 0)
            return jfail(p, "expected four hex digits after \\u");
        uint32_t cp = (uint32_t)hex4(p->s + p->i + 2);
        size_t adv = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && p->i + 12 <= p->n && p->s[p->i + 6] == '\\' &&
            p->s[p->i + 7] == 'u' && hex4(p->s + p->i + 8) >= 0xDC00 &&
            hex4(p->s + p->i + 8) <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)hex4(p->s + p->i + 8) - 0xDC00);
            adv = 12;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            if (!p->lenient)
                return jfail(p, "lone surrogate escape in a string");
            cp = 0xFFFD;
        }
        char tmp[4];
        int k = u8_encode(cp, tmp);
        memcpy(w, tmp, (size_t)k);
        w += k;
        p->i += adv;
    }
    return jfail(p, "unterminated string");
}

static bool jvalue(jp *p, int depth);

static bool jscalar(jp *p)
{
    size_t st = p->i;
    while (p->i < p->n && (strchr("+-.eE", p->s[p->i]) || (p->s[p->i] >= '0' && p->s[p->i] <= '9') ||
                           (p->s[p->i] >= 'a' && p->s[p->i] <= 'z')))
        p->i++;
    size_t len = p->i - st;
    const char *w = p->s + st;
    if ((len == 4 && memcmp(w, "true", 4) == 0) || (len == 5 && memcmp(w, "false", 5) == 0) ||
        (len == 4 && memcmp(w, "null", 4) == 0))
        return true;
    if (len > 0 && (w[0] == '-' || (w[0] >= '0' && w[0] <= '9'))) {
        char *end;
        char tmp[64];
        if (len < sizeof tmp) {
            memcpy(tmp, w, len);
            tmp[len] = '\0';
            strtod(tmp, &end);
            if (*end == '\0')
                return true;
        }
    }
    p->i = st;
    return jfail(p, "expected a value");
}

static bool jvalue(jp *p, int depth)
{
    if (depth > 64)
        return jfail(p, "nesting too deep");
    jskip(p);
    if (p->i >= p->n)
        return jfail(p, "expected a value");
    char c = p->s[p->i];
    if (c == '"') {
        char *s;
        size_t n;
        return jstring(p, &s, &n);
    }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        p->i++;
        jskip(p);
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                char *k;
                size_t kn;
                jskip(p);
                if (!jstring(p, &k, &kn))
                    return false;
                jskip(p);
                if (p->i >= p->n || p->s[p->i] != ':')
                    return jfail(p, "expected ':'");
                p->i++;
            }
            if (!jvalue(p, depth + 1))
                return false;
            jskip(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == close) {
                p->i++;
                return true;
            }
            return jfail(p, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
    return jscalar(p);
}

/* Parses {"id": ..., "text": "..."}: the text and the id (a string or a number). */
static bool jobject(jp *p, char **text, size_t *tlen, char **id, size_t *idlen)
{
    *text = *id = NULL;
    jskip(p);
    if (p->i >= p->n || p->s[p->i] != '{')
        return jfail(p, "expected '{' (one JSON object a line)");
    p->i++;
    jskip(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
    } else {
        for (;;) {
            char *k;
            size_t kn;
            jskip(p);
            if (!jstring(p, &k, &kn))
                return false;
            jskip(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return jfail(p, "expected ':'");
            p->i++;
            jskip(p);
            size_t vs = p->i;
            if (kn == 4 && memcmp(k, "text", 4) == 0) {
                if (p->i >= p->n || p->s[p->i] != '"')
                    return jfail(p, "\"text\" must be a string");
                if (!jstring(p, text, tlen))
                    return false;
            } else if (kn == 2 && memcmp(k, "id", 2) == 0) {
                if (p->i < p->n && p->s[p->i] == '"') {
                    if (!jstring(p, id, idlen))
                        return false;
                } else {
                    if (!jscalar(p))
                        return false;
                    *id = p->s + vs;
                    *idlen = p->i - vs;
                }
            } else if (!jvalue(p, 1)) {
                return false;
            }
            jskip(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == '}') {
                p->i++;
                break;
            }
            return jfail(p, "expected ',' or '}'");
        }
    }
    jskip(p);
    if (p->i < p->n)
        return jfail(p, "unexpected data after the object");
    if (!*text) {
        p->i = 0;
        return jfail(p, "the object has no \"text\" member");
    }
    return true;
}

static bool blank_line(const buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!(b->data[i] == ' ' || b->data[i] == '\t'))
            return false;
    return true;
}

tt_status tt_reader_next(tt_reader *r, tt_doc *doc)
{
    if (!r || !doc)
        return TT_ERR_ARG;
    if (r->done)
        return TT_END;
    if (r->mode == TT_INPUT_TEXT)
        return read_all(r, doc);
    for (;;) {
        if (!read_line(r)) {
            r->done = true;
            if (ferror(r->in))
                return io_error(r);
            return TT_END;
        }
        memset(doc, 0, sizeof *doc);
        doc->line = r->lineno;
        if (r->mode == TT_INPUT_LINES) {
            doc->id = r->name;
            doc->is_line = 1;
            doc->text = r->line.data;
            doc->len = r->line.len;
            doc->base = r->line_start;
            doc->bad_utf8 = check_utf8(r, r->name, r->lineno, r->line.data, r->line.len,
                                       r->line_start);
            if (doc->bad_utf8 && !(r->flags & TT_READ_LENIENT))
                return TT_ERR_UTF8;
            return TT_OK;
        }
        if (blank_line(&r->line))
            continue;
        /* JSONL: check the raw line first, so that offsets name the line's bytes */
        size_t bad;
        if (!tt_utf8_valid(r->line.data, r->line.len, &bad)) {
            doc->bad_utf8 = check_utf8(r, r->name, r->lineno, r->line.data, r->line.len, 0);
            if (!(r->flags & TT_READ_LENIENT))
                return TT_ERR_UTF8;
        }
        jp p = {r->line.data, r->line.len, 0, NULL, 0, (r->flags & TT_READ_LENIENT) != 0};
        char *text, *id;
        size_t tlen, idlen = 0;
        if (!jobject(&p, &text, &tlen, &id, &idlen)) {
            diag_emit(r->diag, r->ud, TT_ERROR, r->name, (unsigned)r->lineno, 0,
                      (long long)p.err_at, NULL, "invalid JSON at byte %zu: %s", p.err_at, p.err);
            return TT_ERR_INPUT;
        }
        r->id.len = 0;
        if (id)
            buf_add(&r->id, id, idlen);
        else
            buf_printf(&r->id, "%lu", r->lineno);
        text[tlen] = '\0'; /* the closing quote, or later bytes: the line is ours */
        doc->id = r->id.data;
        doc->text = text;
        doc->len = tlen;
        return TT_OK;
    }
}
