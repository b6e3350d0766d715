/*
 * benchtool.c - helpers for `make bench` (tests/bench.sh):
 *   benchtool run OUT CMD [ARG...]   runs CMD with stdout to OUT; prints "seconds peak_rss_kib"
 *   benchtool jsonl FILE...          writes {"id": FILE, "text": ...} lines for the files
 *   benchtool lexicon N              writes N generated lexicon entries: words and 2-3 word phrases
 *   benchtool files N LIST           repeats the file names of LIST (one a line) N times, one a line
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: benchtool run OUT CMD [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            _exit(127);
        dup2(fd, 1);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%.3f %ld\n", sec, ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void json_string(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static int jsonl(int argc, char **argv)
{
    char *buf = NULL;
    size_t cap = 0;
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t n = 0, got;
        for (;;) {
            if (n + 65536 > cap) {
                cap = (n + 65536) * 2;
                buf = realloc(buf, cap);
            }
            got = fread(buf + n, 1, cap - n, f);
            if (!got)
                break;
            n += got;
        }
        fclose(f);
        printf("{\"id\":");
        json_string(argv[i], strlen(argv[i]));
        printf(",\"text\":");
        json_string(buf, n);
        printf("}\n");
    }
    free(buf);
    return 0;
}

/* Pseudo-words from syllables: many distinct types, few of them English words. */
static void word(unsigned long k, char *out)
{
    static const char *const syl[] = {"ba", "ke", "lo", "mu", "ri", "sa", "te", "vo", "zen", "dra",
                                      "pli", "quo", "stan", "gor", "fel", "nix", "tra", "wen",
                                      "yul", "cor"};
    out[0] = '\0';
    int parts = 2 + (int)(k % 3);
    for (int p = 0; p < parts; p++) {
        strcat(out, syl[k % 20]);
        k /= 20;
        k += 7 * (unsigned long)p;
    }
}

static int lexicon(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    long n = atol(argv[2]);
    printf("# %ld generated entries: the cost of lexicon size, not a vocabulary\n", n);
    char a[64], b[64], c[64];
    for (long i = 0; i < n; i++) {
        unsigned long k = (unsigned long)i * 2654435761ul + 12345;
        word(k, a);
        if (i % 3 == 0) {
            printf("%s\n", a);
        } else if (i % 3 == 1) {
            word(k / 7 + 3, b);
            printf("\"%s %s\"\n", a, b);
        } else {
            word(k / 7 + 3, b);
            word(k / 49 + 5, c);
            printf("\"%s %s %s\"\n", a, b, c);
        }
    }
    return 0;
}

static int files(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int times = atoi(argv[2]);
    for (int t = 0; t < times; t++) {
        FILE *f = fopen(argv[3], "r");
        if (!f)
            return 1;
        char line[4096];
        while (fgets(line, sizeof line, f))
            fputs(line, stdout);
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "run") == 0)
        return run(argc, argv);
    if (argc > 1 && strcmp(argv[1], "jsonl") == 0)
        return jsonl(argc, argv);
    if (argc > 1 && strcmp(argv[1], "lexicon") == 0)
        return lexicon(argc, argv);
    if (argc > 1 && strcmp(argv[1], "files") == 0)
        return files(argc, argv);
    fprintf(stderr, "usage: benchtool run|jsonl|lexicon|files ...\n");
    return 2;
}
