/*
 * helpers.c - see helpers.h.
 */
#define _GNU_SOURCE
#include "helpers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

char *th_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *d = malloc(cap + 1);
    size_t got;
    while ((got = fread(d + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            d = realloc(d, cap + 1);
        }
    }
    fclose(f);
    d[n] = '\0';
    if (len)
        *len = n;
    return d;
}

char *th_temp_file(const char *data, size_t len)
{
    char *path = strdup("/tmp/themetag-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    return path;
}

static const char *bin(void)
{
    const char *b = getenv("THEMETAG_BIN");
    return b && *b ? b : "build/themetag";
}

th_run th_cli(const char *stdin_path, const char *const *argv)
{
    th_run r = {0};
    char out_path[] = "/tmp/themetag-out-XXXXXX", err_path[] = "/tmp/themetag-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    size_t argc = 0;
    while (argv[argc])
        argc++;
    const char **av = calloc(argc + 2, sizeof *av);
    av[0] = bin();
    for (size_t i = 0; i < argc; i++)
        av[i + 1] = argv[i];
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execv(av[0], (char *const *)av);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    close(out_fd);
    close(err_fd);
    r.out = th_read_file(out_path, &r.out_len);
    r.err = th_read_file(err_path, &r.err_len);
    unlink(out_path);
    unlink(err_path);
    free(av);
    return r;
}

th_run th_cli_bytes(const char *data, size_t len, const char *const *argv)
{
    char *path = th_temp_file(data, len);
    th_run r = th_cli(path, argv);
    unlink(path);
    free(path);
    return r;
}

void th_run_free(th_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

const char *th_corpus_root(void)
{
    static char path[4096];
    const char *env = getenv("THEMETAG_CORPUS_ROOT");
    snprintf(path, sizeof path, "%s", env && *env ? env : "../shared/ungdc");
    struct stat st;
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/2013", path);
    if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return path;
}

size_t th_count_lines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            k++;
    return k;
}

void th_leak_check(void)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "LeakSanitizer found leaks (see above)");
#endif
}

char *th_rule_dir(const char *rules, const char *const *lexicons)
{
    char *dir = strdup("/tmp/themetag-rules-XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/rules", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/lexicons", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/rules/themetag.rules", dir);
    FILE *f = fopen(path, "w");
    fputs(rules, f);
    fclose(f);
    for (size_t i = 0; lexicons && lexicons[i]; i += 2) {
        snprintf(path, sizeof path, "%s/lexicons/%s.lex", dir, lexicons[i]);
        f = fopen(path, "w");
        fputs(lexicons[i + 1], f);
        fclose(f);
    }
    return dir;
}

void th_rm_rf(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

void th_collect_diag(const tt_diag *d, void *ud)
{
    th_diags *g = ud;
    const char *sev = d->severity == TT_ERROR ? "error" : d->severity == TT_WARNING ? "warning" : "note";
    const char *file = d->file ? d->file : "-";
    if (g->strip && strncmp(file, g->strip, strlen(g->strip)) == 0) {
        file += strlen(g->strip);
        if (*file == '/')
            file++;
    }
    size_t room = sizeof g->text - g->len;
    int n;
    if (d->col)
        n = snprintf(g->text + g->len, room, "%s:%u:%u: %s: %s\n", file, d->line, d->col, sev, d->message);
    else
        n = snprintf(g->text + g->len, room, "%s: %s: %s\n", file, sev, d->message);
    if (n > 0 && (size_t)n < room)
        g->len += (size_t)n;
}

tt_engine *th_engine(const char *dir, unsigned flags, th_diags *dg)
{
    tt_engine_config cfg = {0};
    cfg.rules_dir = dir;
    cfg.flags = flags;
    cfg.diag = th_collect_diag;
    cfg.diag_userdata = dg;
    dg->strip = dir;
    tt_engine *e = NULL;
    tt_engine_new(&cfg, &e);
    return e;
}
