/*
 * util.c - allocation wrappers, growable buffers, an arena, hashing and diagnostics.
 * Out-of-memory is the one error the library does not return: it prints one line and aborts.
 */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "themetag: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_add(buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_add_self(buf *b, size_t off, size_t n)
{
    buf_reserve(b, n);
    memmove(b->data + b->len, b->data + off, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_addc(buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_adds(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_add_col(buf *b, const char *s, size_t width)
{
    size_t chars = 0, i = 0;
    while (s[i] && chars < width) {
        i++; /* one character: its lead byte and any continuation bytes (10xxxxxx) */
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    buf_add(b, s, i);
    for (; chars < width; chars++)
        buf_addc(b, ' ');
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

struct arena_block {
    arena_block *next;
    size_t size;
    char data[]; /* at offset 16: 8-byte aligned */
};

#define ARENA_BLOCK 65536

void *arena_alloc(arena *a, size_t n)
{
    a->used = (a->used + 7) & ~(size_t)7;
    if (!a->head || a->used + n > a->head->size) {
        size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        arena_block *blk = xmalloc(sizeof *blk + size);
        blk->size = size;
        blk->next = a->head;
        a->head = blk;
        a->used = 0;
        a->total += size;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = a->total = 0;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, got);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        buf_free(&b);
        errno = err;
        return NULL;
    }
    buf_reserve(&b, 1);
    b.data[b.len] = '\0';
    *len = b.len;
    return b.data;
}

/* FNV-1a, 64 bit: short keys (words), so simplicity wins. */
uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void diag_emit(tt_diag_fn fn, void *ud, tt_severity sev, const char *file, unsigned line,
               unsigned col, long long byte, const char *source, const char *fmt, ...)
{
    if (!fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tt_diag d = {sev, file, line, col, byte, msg, source};
    fn(&d, ud);
}

const char *tt_status_name(tt_status s)
{
    switch (s) {
    case TT_OK: return "ok";
    case TT_END: return "end of input";
    case TT_ERR_UTF8: return "invalid UTF-8";
    case TT_ERR_INPUT: return "malformed input";
    case TT_ERR_IO: return "cannot read input";
    case TT_ERR_RULES: return "errors in rules";
    case TT_ERR_RESOURCE: return "missing resource";
    case TT_ERR_ARG: return "bad argument";
    }
    return "unknown status";
}

int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

bool parse_digits(const char *s, size_t *out)
{
    if (!*s)
        return false;
    size_t n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > (SIZE_MAX - 9) / 10)
            return false;
        n = n * 10 + (size_t)(*s - '0');
    }
    *out = n;
    return true;
}
