/*
 * test_cli.c - the command line from outside: formats and offsets exactly as README and
 * DESIGN.md give them, bad input (clear message, right exit status, nothing lost), options.
 * Test ids: cli-<area>.<n>.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

TestSuite(cli, .fini = th_leak_check);

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define HEADER "doc\tn\tstart\tend\tlabels\ttext\n"

static th_run tsv_of(const char *data, size_t len)
{
    return th_cli_bytes(data, len, ARGS("--format", "tsv"));
}

/* ---- cli-1: formats */

Test(cli, tsv_reference_speech, .description = "cli-1.1")
{
    th_run r = th_cli(NULL, ARGS("--format", "tsv", "corpus/000_95ca8d13d2304703.txt"));
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect_eq(th_count_lines(r.out, r.out_len), 48, "header + 47 sentences");
    cr_expect(strncmp(r.out, HEADER, strlen(HEADER)) == 0);
    cr_expect_not_null(strstr(r.out, "corpus/000_95ca8d13d2304703.txt\t15\t2224\t2335\t\tThe Declaration "
                                     "clearly defined the SCO's vision for international information "
                                     "security in the near future.\n"));
    cr_expect_not_null(strstr(r.out, "corpus/000_95ca8d13d2304703.txt\t1\t1\t19\t\tDear participants,\n"));
    cr_expect_not_null(strstr(r.out, "\t47\t7605\t7634\t\tThank you for your attention!\n"));
    th_run_free(&r);
}

Test(cli, tsv_is_the_default_off_a_terminal, .description = "cli-1.2")
{
    th_run r = th_cli_bytes("Hello there. Bye now.", 21, ARGS("-"));
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.out, HEADER "-\t1\t0\t12\t\tHello there.\n-\t2\t13\t21\t\tBye now.\n");
    th_run_free(&r);
}

Test(cli, jsonl_format, .description = "cli-1.3")
{
    static const char in[] = "  He said \"no\\way\".\n\nBye.";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--format", "jsonl"));
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.out,
                     "{\"doc\":\"-\",\"n\":1,\"start\":2,\"end\":19,\"text\":\"He said \\\"no\\\\way\\\".\","
                     "\"labels\":[],\"evidence\":[]}\n"
                     "{\"doc\":\"-\",\"n\":2,\"start\":21,\"end\":25,\"text\":\"Bye.\",\"labels\":[],"
                     "\"evidence\":[]}\n");
    th_run_free(&r);
}

Test(cli, text_format_for_people, .description = "cli-1.4")
{
    th_run r = th_cli_bytes("One. Two.", 9, ARGS("--format", "text"));
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.out, "== -\n    1  One.\n    2  Two.\n   -- 2 sentences\n\n");
    th_run_free(&r);
}

Test(cli, doc_names_as_given_and_whitespace_collapsed, .description = "cli-1.5")
{
    char *p = th_temp_file("Ab.\tB\r\n\nc", 9);
    th_run r = th_cli(NULL, ARGS("--format", "tsv", p, "-"));
    cr_assert_eq(r.status, 0);
    char want[512];
    snprintf(want, sizeof want, HEADER "%s\t1\t0\t3\t\tAb.\n%s\t2\t4\t9\t\tB c\n", p, p);
    cr_expect_str_eq(r.out, want, "stdin (/dev/null) adds nothing");
    unlink(p);
    free(p);
    th_run_free(&r);
}

/* ---- cli-2: input modes */

Test(cli, lines_input, .description = "cli-2.1")
{
    static const char in[] = "First line.\r\n\n  second   line \nthird";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--input", "lines", "--format", "tsv"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* offsets count into the whole stream; n is the line number; blank lines give nothing */
    cr_expect_str_eq(r.out, HEADER "-\t1\t0\t11\t\tFirst line.\n-\t3\t16\t29\t\tsecond line\n"
                                   "-\t4\t31\t36\t\tthird\n");
    th_run_free(&r);
}

Test(cli, jsonl_input, .description = "cli-2.2")
{
    static const char in[] =
        "{\"id\": \"a\", \"text\": \"Caf\\u00e9 one. Two.\"}\n"
        "\n"
        "{\"text\": \"No id.\\nNext\\ud83d\\ude00 line.\", \"meta\": {\"x\": [1, 2.5e3, null, true]}}\n"
        "{\"id\": 7, \"text\": \"\"}\n";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--input", "jsonl", "--format", "tsv"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* offsets count into the UTF-8 of the decoded text; a missing id is the line number */
    cr_expect_str_eq(r.out, HEADER "a\t1\t0\t10\t\tCafé one.\na\t2\t11\t15\t\tTwo.\n"
                                   "3\t1\t0\t6\t\tNo id.\n3\t2\t7\t21\t\tNext😀 line.\n");
    th_run_free(&r);
}

Test(cli, jsonl_errors_name_the_line_and_go_on, .description = "cli-2.3")
{
    static const char in[] = "{\"id\": \"a\", \"text\": \"One.\"}\n"
                             "{\"id\": \"b\" \"text\": \"Two.\"}\n"
                             "{\"id\": \"c\"}\n"
                             "[1]\n"
                             "{\"id\": \"d\", \"text\": \"bad \\ud800 escape\"}\n"
                             "{\"id\": \"e\", \"text\": \"Five.\"} x\n"
                             "{\"id\": \"f\", \"text\": \"Six.\"}\n";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--input", "jsonl", "--format", "tsv"));
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.out, HEADER "a\t1\t0\t4\t\tOne.\nf\t1\t0\t4\t\tSix.\n");
    cr_expect_str_eq(r.err, "themetag: -:2: invalid JSON at byte 11: expected ',' or '}'\n"
                            "themetag: -:3: invalid JSON at byte 0: the object has no \"text\" member\n"
                            "themetag: -:4: invalid JSON at byte 0: expected '{' (one JSON object a line)\n"
                            "themetag: -:5: invalid JSON at byte 25: lone surrogate escape in a string\n"
                            "themetag: -:6: invalid JSON at byte 29: unexpected data after the object\n");
    th_run_free(&r);
}

Test(cli, several_files_one_document_each, .description = "cli-2.4")
{
    char *a = th_temp_file("Alpha one.", 10), *b = th_temp_file("Beta two. Gamma.", 16);
    th_run r = th_cli(NULL, ARGS("--format", "tsv", a, "/nonexistent/file.txt", b));
    cr_expect_eq(r.status, 1, "a missing file is an input error");
    cr_expect_eq(th_count_lines(r.out, r.out_len), 4, "the other files are still classified");
    cr_expect_str_eq(r.err, "themetag: /nonexistent/file.txt: No such file or directory\n");
    unlink(a);
    unlink(b);
    free(a);
    free(b);
    th_run_free(&r);
}

/* ---- cli-3: bad input */

static void utf8_error(const char *data, size_t len, const char *err)
{
    th_run r = tsv_of(data, len);
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.err, err);
    cr_expect_str_eq(r.out, HEADER, "nothing is classified from a rejected document");
    th_run_free(&r);
}

Test(cli, invalid_utf8_rejected_with_offset, .description = "cli-3.1")
{
    utf8_error("Hello \xC3", 7, "themetag: -: invalid UTF-8 at byte 6\n");          /* truncated */
    utf8_error("Hello \xE2\x82 world", 14, "themetag: -: invalid UTF-8 at byte 6\n"); /* truncated */
    utf8_error("Slash \xC0\xAF here", 13, "themetag: -: invalid UTF-8 at byte 6\n");  /* overlong */
    utf8_error("Surrogate \xED\xA0\x80.", 14, "themetag: -: invalid UTF-8 at byte 10\n");
    utf8_error("0123456789abcdefghij\xFF", 21, "themetag: -: invalid UTF-8 at byte 20\n");
}

Test(cli, invalid_utf8_names_the_file, .description = "cli-3.2")
{
    char *p = th_temp_file("ok \xFF", 4);
    th_run r = th_cli(NULL, ARGS("--format", "tsv", p));
    cr_expect_eq(r.status, 1);
    char want[256];
    snprintf(want, sizeof want, "themetag: %s: invalid UTF-8 at byte 3\n", p);
    cr_expect_str_eq(r.err, want);
    unlink(p);
    free(p);
    th_run_free(&r);
}

Test(cli, lenient_replaces_and_keeps_offsets, .description = "cli-3.3")
{
    static const char in[] = "Bad \xFF\xFE byte. Next \xE2\x82 one.";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--lenient", "--format", "tsv"));
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.err, "themetag: -: warning: invalid UTF-8 at byte 4 and 2 more places replaced by U+FFFD\n");
    cr_expect_str_eq(r.out, HEADER "-\t1\t0\t12\t\tBad \xEF\xBF\xBD\xEF\xBF\xBD byte.\n"
                                   "-\t2\t13\t25\t\tNext \xEF\xBF\xBD one.\n");
    th_run_free(&r);
}

Test(cli, invalid_utf8_in_lines_input, .description = "cli-3.4")
{
    static const char in[] = "Good line.\nBad \xC3(line.\nGood again.\n";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--input", "lines", "--format", "tsv"));
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.err, "themetag: -:2: invalid UTF-8 at byte 15\n", "the byte counts in the stream");
    cr_expect_str_eq(r.out, HEADER "-\t1\t0\t10\t\tGood line.\n-\t3\t23\t34\t\tGood again.\n");
    th_run_free(&r);
}

Test(cli, nul_and_control_bytes_are_whitespace, .description = "cli-3.5")
{
    static const char in[] = "Hello\0world.\x01\x02Next\x7F" "one.";
    th_run r = tsv_of(in, sizeof in - 1);
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.out, HEADER "-\t1\t0\t12\t\tHello world.\n-\t2\t14\t23\t\tNext one.\n");
    th_run_free(&r);
}

Test(cli, empty_and_whitespace_only_input, .description = "cli-3.6")
{
    th_run r = tsv_of("", 0);
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, HEADER);
    cr_expect_str_eq(r.err, "");
    th_run_free(&r);
    r = tsv_of(" \n\r\n\t \f\xC2\xA0\n", 10);
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, HEADER);
    th_run_free(&r);
    r = th_cli_bytes("", 0, ARGS("--input", "jsonl", "--format", "jsonl"));
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "");
    th_run_free(&r);
}

Test(cli, crlf_and_bom, .description = "cli-3.7")
{
    static const char in[] = "\xEF\xBB\xBF" "First one.\r\nSecond\r\nline.\r\n";
    th_run r = tsv_of(in, sizeof in - 1);
    cr_assert_eq(r.status, 0);
    cr_expect_str_eq(r.out, HEADER "-\t1\t3\t13\t\tFirst one.\n-\t2\t15\t28\t\tSecond line.\n");
    th_run_free(&r);
}

Test(cli, unreadable_inputs, .description = "cli-3.8")
{
    th_run r = th_cli(NULL, ARGS("--format", "tsv", "tests"));
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.err, "themetag: tests: read error: Is a directory\n");
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--format", "tsv", "no-such-file.txt"));
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.err, "themetag: no-such-file.txt: No such file or directory\n");
    th_run_free(&r);
}

/* A 100 MB single line: classified completely, in bounded memory (the document once). */
Test(cli, hundred_megabyte_line, .description = "cli-3.9", .timeout = 600)
{
    size_t unit = 1000000, n = 100 * unit;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i += 5)
        memcpy(big + i, "word ", 5);
    for (size_t k = 1; k < 100; k++)
        memcpy(big + k * unit - 9, "end. Now ", 9);
    memcpy(big + n - 5, "end. ", 5);
    char *path = th_temp_file(big, n);
    free(big);
    th_run r = th_cli(NULL, ARGS("--format", "tsv", path));
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(th_count_lines(r.out, r.out_len), 101);
    /* the last row ends at the last non-space byte */
    char want[128];
    snprintf(want, sizeof want, "\t100\t%zu\t%zu\t\tNow word", 99 * unit - 4, n - 1);
    cr_expect_not_null(strstr(r.out, want), "last sentence spans [%zu,%zu)", 99 * unit - 4, n - 1);
    if (!getenv("THEMETAG_SANITIZED"))
        cr_expect_lt(ru.ru_maxrss, 200 * 1024, "peak RSS %ld KiB for a 100 MB line", ru.ru_maxrss);
    unlink(path);
    free(path);
    th_run_free(&r);
}

/* ---- cli-4: options and exit statuses */

Test(cli, help_and_version, .description = "cli-4.1")
{
    th_run r = th_cli(NULL, ARGS("--help"));
    cr_expect_eq(r.status, 0);
    cr_expect(strncmp(r.out, "usage: themetag", 15) == 0);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--version"));
    cr_expect_eq(r.status, 0);
    cr_expect(strncmp(r.out, "themetag ", 9) == 0);
    th_run_free(&r);
}

Test(cli, usage_errors_exit_2, .description = "cli-4.2")
{
    th_run r = th_cli(NULL, ARGS("--format", "xml"));
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "themetag: --format: unknown value 'xml' (expected text, tsv, jsonl, html)\n");
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--frobnicate"));
    cr_expect_eq(r.status, 2);
    cr_expect(strncmp(r.err, "themetag: unknown option '--frobnicate'", 39) == 0, "%s", r.err);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--input"));
    cr_expect_eq(r.status, 2);
    th_run_free(&r);
}

Test(cli, missing_dictionaries_exit_2, .description = "cli-4.3")
{
    setenv("THEMETAG_DICT_DIR", "/nonexistent", 1);
    th_run r = th_cli(NULL, ARGS("--format", "tsv"));
    unsetenv("THEMETAG_DICT_DIR");
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "hunspell dictionary not found (Debian package hunspell-en-us)"),
                       "%s", r.err);
    th_run_free(&r);
}

/* ---- cli-5: rules, lint, explain, -j */

Test(cli, lint_shipped_rules_exit_0, .description = "cli-5.1")
{
    th_run r = th_cli(NULL, ARGS("lint"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "themetag lint: 5 themes, "), "%s", r.err);
    cr_expect_not_null(strstr(r.err, " 0 warnings, 0 failing examples\n"), "%s", r.err);
    cr_expect_null(strstr(r.err, "no example is labelled"), "every shipped rule has an example of its own: %s", r.err);
    th_run_free(&r);
}

/* lint notes a regular expression that no word gates and that a rule reaches without first
 * needing a word: it runs on every sentence */
Test(cli, lint_notes_an_ungated_regex, .description = "cli-5.11")
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match /\\bapples?\\b/ or /\\b(pear|plum)s?\\b/\n"
                            "rule q for t\n    match fruit and /\\b(fig|kiwi)s?\\b/\n"
                            "rule p for t\n    match fruit\n    unless /\\b(dry|old)\\b/\n"
                            "rule o for t\n    match after t and /\\b(it|its)\\b/\n",
                            NULL);
    th_run r = th_cli(NULL, ARGS("lint", "--rules", dir));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "rules/themetag.rules:3:28: note: this regular expression runs on every sentence"),
                       "%s", r.err);
    cr_expect_null(strstr(r.err, ":3:11: note"), "the first is gated by 'apple': %s", r.err);
    cr_expect_null(strstr(r.err, ":5:21: note"), "only tried where 'fruit' is: %s", r.err);
    cr_expect_null(strstr(r.err, ":8:12: note"), "an unless is only tried where match is true: %s", r.err);
    cr_expect_null(strstr(r.err, ":10:23: note"), "only after a sentence with the theme: %s", r.err);
    cr_expect_not_null(strstr(r.err, " 0 warnings, "), "a note is no warning: %s", r.err);
    th_run_free(&r);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, lint_notes_a_rule_no_example_needs, .description = "cli-5.12")
{
    /* y1 alone labels "Kids play."; y2 fires only beside y1; z needs the sentence before */
    static const char *const lex[] = {"young", "kids\n", NULL};
    char *dir = th_rule_dir("theme youth \"y\"\n"
                            "rule y1 for youth\n    match @young\n"
                            "rule y2 for youth\n    match school*\n"
                            "rule z for youth\n    match after youth and they\n"
                            "example youth: \"Kids play.\"\n"
                            "example youth: \"Kids go to school.\"\n",
                            lex);
    th_run r = th_cli(NULL, ARGS("lint", "--rules", dir));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "rules/themetag.rules:4:1: note: rule y2: no example is labelled youth by this rule "
                                     "alone, so lint would not notice it break"),
                       "%s", r.err);
    cr_expect_null(strstr(r.err, "rule y1:"), "%s", r.err);
    cr_expect_null(strstr(r.err, "rule z:"), "a rule with 'after' cannot have a one-sentence example: %s", r.err);
    cr_expect_not_null(strstr(r.err, " 0 warnings, "), "a note is no warning: %s", r.err);
    th_run_free(&r);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, lint_exit_1_on_a_failing_example_and_2_on_errors, .description = "cli-5.2")
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match apple\nexample t: \"A pear.\"\n", NULL);
    th_run r = th_cli(NULL, ARGS("lint", "--rules", dir));
    cr_expect_eq(r.status, 1);
    cr_expect_not_null(strstr(r.err, "rules/themetag.rules:4:9: error: example should get t: no rule fired"), "%s", r.err);
    th_run_free(&r);
    th_rm_rf(dir);
    free(dir);
    dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match (apple\n", NULL);
    r = th_cli(NULL, ARGS("lint", "--rules", dir));
    cr_expect_eq(r.status, 2);
    char want[8192];
    snprintf(want, sizeof want,
             "%s/rules/themetag.rules:4:1: error: expected ')' to close the '(' at 3:11; found the end of "
             "the file\n  \n  ^\nthemetag: the rule set in %s has errors\n",
             dir, dir);
    cr_expect_str_eq(r.err, want);
    th_run_free(&r);
    r = th_cli_bytes("An apple.", 9, ARGS("--rules", dir));
    cr_expect_eq(r.status, 2, "classifying with a broken rule set is a usage error");
    th_run_free(&r);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, compile_error_shows_source_line_and_caret, .description = "cli-5.3")
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match apple or /(ab/\n", NULL);
    th_run r = th_cli(NULL, ARGS("lint", "--rules", dir));
    cr_expect_eq(r.status, 2);
    char want[8192];
    snprintf(want, sizeof want,
             "%s/rules/themetag.rules:3:24: error: bad regular expression: missing closing parenthesis "
             "(at offset 3 of the pattern)\n"
             "      match apple or /(ab/\n"
             "                         ^\n",
             dir);
    cr_expect(strncmp(r.err, want, strlen(want)) == 0, "got:\n%s\nwant:\n%s", r.err, want);
    th_run_free(&r);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, missing_rule_set_exit_2, .description = "cli-5.4")
{
    th_run r = th_cli_bytes("x", 1, ARGS("--rules", "/nonexistent-rules"));
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "themetag: /nonexistent-rules: not a rule set (no rules/themetag.rules in it)\n");
    th_run_free(&r);
}

Test(cli, explain_subcommand, .description = "cli-5.5")
{
    th_run r = th_cli(NULL, ARGS("explain", "SCO Member States are also investing in the prevention and "
                                            "combating of cybercrime."));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "cybercrime: YES\n  rule cc.named fired: @cybercrime matched \"cybercrime\" "
                                     "[72,82) by 'cybercrim*'"),
                       "%s", r.out);
    cr_expect_not_null(strstr(r.out, "youth: no\n  no rule of this theme found anything\n"), "%s", r.out);
    th_run_free(&r);
    /* sentences from standard input, one a line */
    r = th_cli_bytes("Terrorism.\nYouth.\n", 18, ARGS("explain"));
    cr_expect_eq(r.status, 0);
    cr_expect_not_null(strstr(r.out, "sentence: \"Terrorism.\""));
    cr_expect_not_null(strstr(r.out, "sentence: \"Youth.\""));
    th_run_free(&r);
}

Test(cli, explain_flag_on_a_run, .description = "cli-5.6")
{
    th_run r = th_cli_bytes("Dear friends,\n\nYoung people vote.", 33, ARGS("--explain"));
    cr_expect_eq(r.status, 0);
    cr_expect_not_null(strstr(r.out, "== -:2\nsentence: \"Young people vote.\" [15,33)\n"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "youth: YES\n  rule youth.people fired: @youth matched \"Young people\" [15,27)"),
                       "%s", r.out);
    th_run_free(&r);
}

Test(cli, jsonl_evidence, .description = "cli-5.7")
{
    th_run r = th_cli_bytes("  We fight terrorism.", 21, ARGS("--format", "jsonl"));
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "{\"doc\":\"-\",\"n\":1,\"start\":2,\"end\":21,\"text\":\"We fight terrorism.\","
                            "\"labels\":[\"counter-terrorism\"],\"evidence\":[{\"rule\":\"ct.terrorism\","
                            "\"label\":\"counter-terrorism\",\"start\":11,\"end\":20,\"match\":\"terrorism\"}]}\n");
    th_run_free(&r);
}

Test(cli, threads_keep_input_order, .description = "cli-5.8", .timeout = 120)
{
    /* many documents through 1 and 3 threads: the same bytes out */
    char *paths[12];
    const char *argv1[20], *argv3[20];
    int n1 = 0, n3 = 0;
    argv1[n1++] = "--format";
    argv1[n1++] = "jsonl";
    argv3[n3++] = "-j";
    argv3[n3++] = "3";
    argv3[n3++] = "--format";
    argv3[n3++] = "jsonl";
    for (int i = 0; i < 12; i++) {
        char text[256];
        int len = snprintf(text, sizeof text, "Document %d. Young people fight terrorism%s. The end.", i,
                           i % 2 ? " online" : "");
        paths[i] = th_temp_file(text, (size_t)len);
        argv1[n1++] = paths[i];
        argv3[n3++] = paths[i];
    }
    argv1[n1] = NULL;
    argv3[n3] = NULL;
    th_run one = th_cli(NULL, argv1), three = th_cli(NULL, argv3);
    cr_expect_eq(one.status, 0);
    cr_expect_eq(three.status, 0);
    cr_expect_eq(th_count_lines(one.out, one.out_len), 36);
    cr_expect_str_eq(three.out, one.out);
    for (int i = 0; i < 12; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    th_run_free(&one);
    th_run_free(&three);
    th_run r = th_cli(NULL, ARGS("-j", "0"));
    cr_expect_eq(r.status, 2);
    th_run_free(&r);
}

Test(cli, the_language_examples_hold, .description = "cli-5.9")
{
    /* rules/examples demonstrates every construct of rules/README.md; its examples must hold */
    th_run r = th_cli(NULL, ARGS("lint", "--rules", "rules/examples"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "2 themes, 11 rules, 21 examples: 0 warnings, 0 failing examples"), "%s", r.err);
    th_run_free(&r);
}

/* The k-th tab-separated field of line (0-based), copied into out. */
static void field(const char *line, int k, char *out, size_t n)
{
    while (k-- > 0 && line) {
        line = strchr(line, '\t');
        if (line)
            line++;
    }
    size_t len = line ? strcspn(line, "\t\n") : 0;
    if (len >= n)
        len = n - 1;
    memcpy(out, line ? line : "", len);
    out[len] = '\0';
}

Test(cli, reference_speech_labelled_as_the_codebook_reads_it, .description = "cli-5.10")
{
    /* every sentence of the reference speech: the span and the labels of the codebook's reading */
    th_run r = th_cli(NULL, ARGS("--format", "tsv", "corpus/000_95ca8d13d2304703.txt"));
    cr_assert_eq(r.status, 0);
    size_t glen;
    char *gold = th_read_file("corpus/gold/dev/000_95ca8d13d2304703.tsv", &glen);
    cr_assert_not_null(gold);
    char *gsave = NULL, *osave = NULL;
    char *g = strtok_r(gold, "\n", &gsave), *o = strtok_r(r.out, "\n", &osave); /* headers */
    int n = 0;
    while ((g = strtok_r(NULL, "\n", &gsave)) && (o = strtok_r(NULL, "\n", &osave))) {
        char gs[32], ge[32], gl[256], os[32], oe[32], ol[256], on[32];
        field(g, 1, gs, sizeof gs);
        field(g, 2, ge, sizeof ge);
        field(g, 3, gl, sizeof gl);
        field(o, 1, on, sizeof on);
        field(o, 2, os, sizeof os);
        field(o, 3, oe, sizeof oe);
        field(o, 4, ol, sizeof ol);
        cr_expect(strcmp(gs, os) == 0 && strcmp(ge, oe) == 0, "sentence %s: span [%s,%s), gold [%s,%s)", on, os,
                  oe, gs, ge);
        cr_expect_str_eq(ol, gl, "sentence %s: labels", on);
        n++;
    }
    cr_expect_eq(n, 47);
    free(gold);
    th_run_free(&r);
}

Test(cli, lenient_bad_bytes_on_short_lines, .description = "cli-6.1")
{
    /* short lines go through the segmenter's artefact patterns: bad bytes must not reach pcre2 */
    static const char in[] = "\xff\xbes\n12 \xff\n\xe2\x80\n_____\xff\n";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--lenient", "--format", "tsv"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_gt(th_count_lines(r.out, r.out_len), 1);
    th_run_free(&r);
}

Test(cli, hostile_text_ends, .description = "cli-6.2", .timeout = 60)
{
    /* line separators without a line feed, and a run of dotted capitals: both once quadratic */
    size_t n = 200000 * 7;
    char *t = malloc(n + 2);
    for (size_t i = 0; i < n; i += 7)
        memcpy(t + i, "word\xe2\x80\xa8", 7);
    th_run r = th_cli_bytes(t, n, ARGS("--format", "tsv"));
    cr_expect_eq(r.status, 0);
    th_run_free(&r);
    for (size_t i = 0; i < n; i += 2)
        memcpy(t + i, "A.", 2);
    memcpy(t + n, "Ab", 2);
    r = th_cli_bytes(t, n + 2, ARGS("--format", "tsv"));
    cr_expect_eq(r.status, 0);
    th_run_free(&r);
    free(t);
}

Test(cli, html_page_highlights_evidence, .description = "cli-6.3")
{
    static const char in[] = "A <b> & \"quoted\" line.\n\nYoung   people fight terrorism.";
    th_run r = th_cli_bytes(in, sizeof in - 1, ARGS("--format", "html"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strncmp(r.out, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    cr_expect_not_null(strstr(r.out, ">counter-terrorism</span><span class=\"chip\""), "legend in declared order");
    cr_expect_not_null(strstr(r.out, "<td>A &lt;b&gt; &amp; &quot;quoted&quot; line.</td>"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "<mark style=\"background:#b5e48c\" title=\"youth: youth.people\">Young "
                                     "people</mark> fight <mark style=\"background:#f4a261\" "
                                     "title=\"counter-terrorism: ct.terrorism\">terrorism</mark>."),
                       "%s", r.out);
    cr_expect_not_null(strstr(r.out, "title=\"bytes 24-55\">2</td>"), "%s", r.out);
    size_t n = strlen(r.out);
    cr_expect(n > 15 && strcmp(r.out + n - 15, "</body></html>\n") == 0);
    th_run_free(&r);
}

/* ---- cli-7: a run against the labels of a run before (--changes) */

/* Two rule sets over one theme pair: "after" loses "kids" and gains "pupils". */
static char *fruit_rules(bool after)
{
    static const char *const before_lex[] = {"young", "children\nkids\n", NULL};
    static const char *const after_lex[] = {"young", "children\npupils\n", NULL};
    return th_rule_dir("theme youth \"young people\"\ntheme crime \"crime\"\n"
                       "rule y for youth\n    match @young\n"
                       "rule c for crime\n    match fraud* or theft\n",
                       after ? after_lex : before_lex);
}

static const char changes_doc[] = "Kids play outside. Pupils learn. Fraud is a crime.\n\nChildren sing.";

Test(cli, changes_lists_what_moved_and_counts_it, .description = "cli-7.1")
{
    char *before_dir = fruit_rules(false), *after_dir = fruit_rules(true);
    char *doc = th_temp_file(changes_doc, sizeof changes_doc - 1);
    th_run b = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", doc));
    cr_assert_eq(b.status, 0, "%s", b.err);
    char *saved = th_temp_file(b.out, b.out_len);

    /* the same rules: nothing moved, every sentence compared */
    th_run same = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", "--changes", saved, doc));
    cr_expect_eq(same.status, 0, "%s", same.err);
    cr_expect_str_eq(same.out, "change\ttheme\tdoc\tn\tstart\tend\trules\ttext\n");
    cr_expect_not_null(strstr(same.err, "4 sentences compared, 0 moved"), "%s", same.err);

    /* the other rules: one sentence lost youth, one gained it, with the rule */
    th_run t = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--changes", saved, doc));
    cr_expect_eq(t.status, 0, "%s", t.err);
    char want[512];
    snprintf(want, sizeof want,
             "change\ttheme\tdoc\tn\tstart\tend\trules\ttext\n"
             "-\tyouth\t%s\t1\t0\t18\t\tKids play outside.\n"
             "+\tyouth\t%s\t2\t19\t32\ty\tPupils learn.\n", doc, doc);
    cr_expect_str_eq(t.out, want);
    cr_expect_not_null(strstr(t.err, "4 sentences compared, 2 moved"), "%s", t.err);
    cr_expect_not_null(strstr(t.err, "\nyouth                         1        1\n"), "%s", t.err);
    cr_expect_not_null(strstr(t.err, "\ncrime                         0        0\n"), "%s", t.err);

    /* text: the rule that gives a theme now, the rule that came nearest to one lost */
    th_run x = th_cli(NULL, ARGS("--rules", after_dir, "--format", "text", "--changes", saved, doc));
    cr_expect_eq(x.status, 0, "%s", x.err);
    snprintf(want, sizeof want, "-youth %s:1 [0,18)\n", doc);
    cr_expect(strncmp(x.out, want, strlen(want)) == 0, "%s", x.out);
    cr_expect_not_null(strstr(x.out, "  no rule of this theme found anything\n  text: Kids play outside.\n"), "%s", x.out);
    cr_expect_not_null(strstr(x.out, "  rule y: @young 'pupils' matched \"Pupils\" [19,25)\n  text: Pupils learn.\n"),
                       "%s", x.out);
    cr_expect_not_null(strstr(x.out, "\nchanges since "), "the summary follows the list on stdout: %s", x.out);

    /* jsonl, one theme only */
    th_run j = th_cli(NULL, ARGS("--rules", after_dir, "--format", "jsonl", "--theme", "youth", "--changes", saved, doc));
    cr_expect_eq(j.status, 0, "%s", j.err);
    snprintf(want, sizeof want,
             "{\"change\":\"+\",\"theme\":\"youth\",\"doc\":\"%s\",\"n\":2,\"start\":19,\"end\":32,"
             "\"rules\":[\"y\"],\"text\":\"Pupils learn.\"}\n", doc);
    cr_expect_not_null(strstr(j.out, want), "%s", j.out);
    cr_expect_eq(th_count_lines(j.out, j.out_len), 2);
    cr_expect_null(strstr(j.err, "\ncrime "), "--theme leaves the other themes out: %s", j.err);
    th_run_free(&b);
    th_run_free(&same);
    th_run_free(&t);
    th_run_free(&x);
    th_run_free(&j);
    unlink(saved);
    unlink(doc);
    free(saved);
    free(doc);
    th_rm_rf(before_dir);
    th_rm_rf(after_dir);
    free(before_dir);
    free(after_dir);
}

Test(cli, changes_says_what_it_could_not_compare, .description = "cli-7.2", .timeout = 60)
{
    char *before_dir = fruit_rules(false), *after_dir = fruit_rules(true);
    char *doc = th_temp_file(changes_doc, sizeof changes_doc - 1);
    char *other = th_temp_file("Kids again.", 11);
    th_run b = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", doc));
    char *saved = th_temp_file(b.out, b.out_len);
    /* a document the saved run did not classify: not compared, and said so */
    th_run t = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--changes", saved, doc, other));
    cr_expect_eq(t.status, 0, "%s", t.err);
    cr_expect_not_null(strstr(t.err, "not compared: 1 document not in "), "%s", t.err);
    cr_expect_not_null(strstr(t.err, "(1 sentence)"), "%s", t.err);
    /* the same through two threads: the same bytes */
    th_run t2 = th_cli(NULL, ARGS("-j", "2", "--rules", after_dir, "--format", "tsv", "--changes", saved, doc, other));
    cr_expect_str_eq(t2.out, t.out);
    cr_expect_str_eq(t2.err, t.err);
    /* a saved document not classified now */
    th_run g = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--changes", saved, other));
    cr_expect_not_null(strstr(g.err, "not classified now: 1 document of "), "%s", g.err);
    cr_expect_not_null(strstr(g.err, "(4 sentences)"), "%s", g.err);
    th_run_free(&b);
    th_run_free(&t);
    th_run_free(&t2);
    th_run_free(&g);
    unlink(saved);
    unlink(doc);
    unlink(other);
    free(saved);
    free(doc);
    free(other);
    th_rm_rf(before_dir);
    th_rm_rf(after_dir);
    free(before_dir);
    free(after_dir);
}

Test(cli, changes_rejects_what_it_cannot_read, .description = "cli-7.3")
{
    char *dir = fruit_rules(false);
    char *doc = th_temp_file(changes_doc, sizeof changes_doc - 1);
    th_run r = th_cli(NULL, ARGS("--rules", dir, "--changes", "/nonexistent/before.tsv", doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "/nonexistent/before.tsv: cannot read: No such file"), "%s", r.err);
    th_run_free(&r);

    static const char not_tsv[] = "{\"doc\":\"a\"}\n";
    char *f = th_temp_file(not_tsv, sizeof not_tsv - 1);
    r = th_cli(NULL, ARGS("--rules", dir, "--changes", f, doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, ":1: expected the header of a run's labels"), "%s", r.err);
    cr_expect_eq(r.out_len, 0, "nothing written: %s", r.out);
    th_run_free(&r);
    unlink(f);
    free(f);

    /* a bad row is named and skipped; a theme the rules no longer have is a warning */
    static const char rows[] = "doc\tn\tstart\tend\tlabels\ttext\n"
                               "x\t1\tten\t18\tyouth\tKids play outside.\n"
                               "x\t2\t19\t32\tgone\tPupils learn.\n";
    f = th_temp_file(rows, sizeof rows - 1);
    r = th_cli(NULL, ARGS("--rules", dir, "--format", "tsv", "--changes", f, doc));
    cr_expect_eq(r.status, 1, "a line that cannot be read is input not processed: %s", r.err);
    cr_expect_not_null(strstr(r.err, "unreadable: 1 line of "), "%s", r.err);
    cr_expect_not_null(strstr(r.err, ":2: expected doc, n, start, end, labels and text"), "%s", r.err);
    cr_expect_not_null(strstr(r.err, ":3: warning: theme 'gone' is not one the rules declare now"), "%s", r.err);
    th_run_free(&r);
    unlink(f);
    free(f);

    /* the output of two runs in one file (as xargs makes it): the second header is no row */
    static const char second_doc[] = "Pupils learn.";
    char *doc2 = th_temp_file(second_doc, sizeof second_doc - 1);
    th_run b1 = th_cli(NULL, ARGS("--rules", dir, "--format", "tsv", doc));
    th_run b2 = th_cli(NULL, ARGS("--rules", dir, "--format", "tsv", doc2));
    cr_assert(b1.status == 0 && b2.status == 0, "%s%s", b1.err, b2.err);
    char *both = malloc(b1.out_len + b2.out_len + 1);
    cr_assert_not_null(both);
    memcpy(both, b1.out, b1.out_len);
    memcpy(both + b1.out_len, b2.out, b2.out_len);
    f = th_temp_file(both, b1.out_len + b2.out_len);
    r = th_cli(NULL, ARGS("--rules", dir, "--format", "tsv", "--changes", f, doc, doc2));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, ": 5 sentences compared, 0 moved"), "%s", r.err);
    cr_expect_null(strstr(r.err, "unreadable"), "%s", r.err);
    th_run_free(&r);
    unlink(f);
    free(f);
    /* the same with CRLF line ends and a header as the last line; a header with more after it is a bad row */
    static const char crlf[] = "doc\tn\tstart\tend\tlabels\ttext\r\n"
                               "x\t1\t0\t18\tyouth\tKids play outside.\r\n"
                               "doc\tn\tstart\tend\tlabels\ttext\r\n"
                               "doc\tn\tstart\tend\tlabels\ttext\tmore\r\n"
                               "doc\tn\tstart\tend\tlabels\ttext";
    f = th_temp_file(crlf, sizeof crlf - 1);
    r = th_cli(NULL, ARGS("--rules", dir, "--format", "tsv", "--changes", f, doc));
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "unreadable: 1 line of "), "%s", r.err);
    cr_expect_not_null(strstr(r.err, ":4: expected doc, n, start, end"), "%s", r.err);
    th_run_free(&r);
    th_run_free(&b1);
    th_run_free(&b2);
    free(both);
    unlink(f);
    free(f);
    unlink(doc2);
    free(doc2);

    f = th_temp_file("", 0);
    r = th_cli(NULL, ARGS("--rules", dir, "--changes", f, doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "the file is empty"), "%s", r.err);
    th_run_free(&r);
    unlink(f);
    free(f);

    /* options that do not go together, or belong to eval */
    r = th_cli(NULL, ARGS("--rules", dir, "--format", "html", "--changes", doc, doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--changes writes text, tsv or jsonl"), "%s", r.err);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--rules", dir, "--theme", "youth", doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--theme goes with --changes"), "%s", r.err);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--rules", dir, "--gold", "corpus/gold", doc));
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--gold is an option of themetag eval"), "%s", r.err);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("--rules", dir, "--theme", "nope", "--changes", doc, doc));
    cr_expect_eq(r.status, 2);
    th_run_free(&r);
    unlink(doc);
    free(doc);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, changes_keeps_every_move_and_every_count_honest, .description = "cli-7.4", .timeout = 60)
{
    char *before_dir = fruit_rules(false), *after_dir = fruit_rules(true);
    /* the document's last sentence is new (text appended): the moves before it still listed */
    static const char grown[] = "Kids play outside. Pupils learn. Fraud is a crime.\n\nChildren sing. Thank you.";
    char *doc = th_temp_file(changes_doc, sizeof changes_doc - 1);
    th_run b = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", doc));
    char *saved = th_temp_file(b.out, b.out_len);
    FILE *f = fopen(doc, "w");
    fputs(grown, f);
    fclose(f);
    th_run t = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--changes", saved, doc));
    cr_expect_eq(t.status, 0, "%s", t.err);
    cr_expect_eq(th_count_lines(t.out, t.out_len), 3, "header and both moves: %s", t.out);
    cr_expect_not_null(strstr(t.err, "not compared: 1 sentence now and 0 in "), "%s", t.err);

    /* --theme: the moved count is the theme's */
    th_run y = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--theme", "crime", "--changes", saved, doc));
    cr_expect_eq(th_count_lines(y.out, y.out_len), 1, "%s", y.out);
    cr_expect_not_null(strstr(y.err, "compared, 0 moved in this theme"), "%s", y.err);

    /* the same file twice now: compared once */
    th_run w = th_cli(NULL, ARGS("--rules", after_dir, "--format", "tsv", "--changes", saved, doc, doc));
    cr_expect_eq(th_count_lines(w.out, w.out_len), 3, "%s", w.out);
    cr_expect_not_null(strstr(w.err, "given twice: 1 document classified twice"), "%s", w.err);

    /* --summary counts each sentence once, though a lost theme is explained by classifying again */
    th_run s1 = th_cli(NULL, ARGS("--rules", after_dir, "--format", "text", "--summary", doc));
    th_run s2 = th_cli(NULL, ARGS("--rules", after_dir, "--format", "text", "--summary", "--changes", saved, doc));
    const char *a = strstr(s1.err, "1 documents, "), *c2 = strstr(s2.err, "1 documents, ");
    cr_assert(a && c2, "%s | %s", s1.err, s2.err);
    cr_expect(strncmp(a, c2, (size_t)(strstr(a, " bytes") - a)) == 0, "%s | %s", s1.err, s2.err);

    /* the saved labels from standard input */
    th_run in = th_cli(saved, ARGS("--rules", after_dir, "--format", "tsv", "--changes", "-", doc));
    cr_expect_eq(in.status, 0, "%s", in.err);
    cr_expect_str_eq(in.out, t.out);
    th_run both = th_cli(saved, ARGS("--rules", after_dir, "--changes", "-"));
    cr_expect_eq(both.status, 2);
    cr_expect_not_null(strstr(both.err, "standard input cannot hold both"), "%s", both.err);
    th_run_free(&b);
    th_run_free(&t);
    th_run_free(&y);
    th_run_free(&w);
    th_run_free(&s1);
    th_run_free(&s2);
    th_run_free(&in);
    th_run_free(&both);
    unlink(saved);
    free(saved);

    /* a name written for two documents (JSONL ids) is not compared, not matched to the wrong one */
    static const char jl[] = "{\"id\":\"USA\",\"text\":\"Kids play.\"}\n{\"id\":\"USA\",\"text\":\"Fraud pays.\"}\n";
    char *jdoc = th_temp_file(jl, sizeof jl - 1);
    b = th_cli(NULL, ARGS("--rules", before_dir, "--input", "jsonl", "--format", "tsv", jdoc));
    saved = th_temp_file(b.out, b.out_len);
    t = th_cli(NULL, ARGS("--rules", before_dir, "--input", "jsonl", "--format", "tsv", "--changes", saved, jdoc));
    cr_expect_eq(th_count_lines(t.out, t.out_len), 1, "no false move: %s", t.out);
    cr_expect_not_null(strstr(t.err, "0 sentences compared, 0 moved"), "%s", t.err);
    cr_expect_not_null(strstr(t.err, "not compared: 1 document name that "), "%s", t.err);
    th_run_free(&b);
    th_run_free(&t);
    unlink(saved);
    free(saved);

    /* lines input: a stream not in FILE is one document; empty documents are not counted */
    char *lines = th_temp_file("Kids play.\nPupils learn.\nFraud pays.\n", 38);
    char *empty = th_temp_file("  \n", 3);
    b = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", doc));
    saved = th_temp_file(b.out, b.out_len);
    t = th_cli(NULL, ARGS("--rules", before_dir, "--input", "lines", "--format", "tsv", "--changes", saved, lines));
    cr_expect_not_null(strstr(t.err, "not compared: 1 document not in "), "%s", t.err);
    cr_expect_not_null(strstr(t.err, "(3 sentences)"), "%s", t.err);
    th_run e = th_cli(NULL, ARGS("--rules", before_dir, "--format", "tsv", "--changes", saved, doc, empty));
    cr_expect_null(strstr(e.err, "not compared"), "an empty document has nothing to compare: %s", e.err);
    th_run_free(&b);
    th_run_free(&t);
    th_run_free(&e);
    unlink(saved);
    unlink(jdoc);
    unlink(lines);
    unlink(empty);
    unlink(doc);
    free(saved);
    free(jdoc);
    free(lines);
    free(empty);
    free(doc);
    th_rm_rf(before_dir);
    th_rm_rf(after_dir);
    free(before_dir);
    free(after_dir);
}

Test(cli, changes_follows_the_input_order_at_any_thread_count, .description = "cli-7.5", .timeout = 120)
{
    char *before_dir = fruit_rules(false), *after_dir = fruit_rules(true);
    /* the same name twice: the first in the input is compared, the second counted, whichever
     * thread gets there first */
    static const char jl[] = "{\"id\":\"x\",\"text\":\"Kids play. Fraud pays.\"}\n"
                             "{\"id\":\"y\",\"text\":\"Pupils learn. Kids too.\"}\n"
                             "{\"id\":\"x\",\"text\":\"Kids walk. Theft pays.\"}\n"
                             "{\"id\":\"z\",\"text\":\"Children sing. Pupils too.\"}\n";
    static const char first_x[] = "{\"id\":\"x\",\"text\":\"Kids play. Fraud pays.\"}\n"
                                  "{\"id\":\"y\",\"text\":\"Pupils learn. Kids too.\"}\n"
                                  "{\"id\":\"z\",\"text\":\"Children sing. Pupils too.\"}\n";
    char *all = th_temp_file(jl, sizeof jl - 1), *once = th_temp_file(first_x, sizeof first_x - 1);
    th_run b = th_cli(NULL, ARGS("--rules", before_dir, "--input", "jsonl", "--format", "tsv", once));
    char *saved = th_temp_file(b.out, b.out_len);
    th_run one = th_cli(NULL, ARGS("--rules", after_dir, "--input", "jsonl", "--format", "tsv", "--changes", saved, all));
    cr_expect_eq(one.status, 0, "%s", one.err);
    cr_expect_not_null(strstr(one.err, "given twice: 1 document classified twice in this run (2 sentences"), "%s", one.err);
    cr_expect_null(strstr(one.out, "Kids walk"), "the second x is not compared with the first: %s", one.out);
    for (int i = 0; i < 12; i++) {
        th_run many = th_cli(NULL, ARGS("-j", "4", "--rules", after_dir, "--input", "jsonl", "--format", "tsv", "--changes",
                                        saved, all));
        cr_expect_str_eq(many.out, one.out, "run %d", i);
        cr_expect_str_eq(many.err, one.err, "run %d", i);
        th_run_free(&many);
    }
    /* a line stream given twice */
    char *lines = th_temp_file("Kids play.\nPupils learn.\n", 25);
    th_run bl = th_cli(NULL, ARGS("--rules", before_dir, "--input", "lines", "--format", "tsv", lines));
    char *saved_l = th_temp_file(bl.out, bl.out_len);
    th_run tl = th_cli(NULL, ARGS("--rules", after_dir, "--input", "lines", "--format", "tsv", "--changes", saved_l, lines,
                                  lines));
    cr_expect_eq(th_count_lines(tl.out, tl.out_len), 3, "each move once: %s", tl.out);
    cr_expect_not_null(strstr(tl.err, "given twice: 1 document classified twice in this run (2 sentences"), "%s", tl.err);
    cr_expect_null(strstr(tl.err, "spans do not match"), "%s", tl.err);
    th_run_free(&b);
    th_run_free(&one);
    th_run_free(&bl);
    th_run_free(&tl);
    unlink(all);
    unlink(once);
    unlink(saved);
    unlink(lines);
    unlink(saved_l);
    free(all);
    free(once);
    free(saved);
    free(lines);
    free(saved_l);
    th_rm_rf(before_dir);
    th_rm_rf(after_dir);
    free(before_dir);
    free(after_dir);
}

/* ---- --stats and --rule: what the rules do on text without gold */

static char *stats_rules(void)
{
    static const char *const lex[] = {"young", "children\nkids\npupils\n", NULL};
    return th_rule_dir("theme youth \"young people\"\ntheme crime \"crime\"\n"
                       "rule y1 for youth\n    match @young\n"
                       "rule y2 for youth\n    match school*\n"
                       "rule c for crime\n    match fraud* or theft\n",
                       lex);
}

static const char stats_doc[] = "Kids play outside. Pupils at school learn. Fraud is a crime.\n\n"
                                "Children commit theft at school.";

Test(cli, stats_counts_themes_rules_entries_and_overlaps, .description = "cli-8.1")
{
    char *dir = stats_rules();
    char *doc = th_temp_file(stats_doc, sizeof stats_doc - 1);
    /* by hand: 1 youth (y1); 2 youth (y1, y2); 3 crime (c); 4 youth (y1, y2) and crime (c) */
    th_run t = th_cli(NULL, ARGS("--rules", dir, "--stats", "--format", "tsv", doc));
    cr_assert_eq(t.status, 0, "%s", t.err);
    cr_expect_str_eq(t.out, "kind\tname\tother\ttheme\tsentences\tsole\tvetoed\twhere\n"
                            "input\tdocuments\t\t\t1\t\t\t\n"
                            "input\tsentences\t\t\t4\t\t\t\n"
                            "theme\tyouth\t\tyouth\t3\t\t\t\n"
                            "theme\tcrime\t\tcrime\t2\t\t\t\n"
                            "theme\tany\t\t\t4\t\t\t\n"
                            "theme\ttwo or more\t\t\t1\t\t\t\n"
                            "rule\ty1\t\tyouth\t3\t1\t0\t\n"
                            "rule\ty2\t\tyouth\t2\t0\t0\t\n"
                            "rule\tc\t\tcrime\t2\t2\t0\t\n"
                            "entry\tschool*\t\t\t2\t\t\tthemetag.rules:6\n"
                            "entry\tchildren\t\t\t1\t\t\t@young:1\n"
                            "entry\tkids\t\t\t1\t\t\t@young:2\n"
                            "entry\tpupils\t\t\t1\t\t\t@young:3\n"
                            "entry\tfraud*\t\t\t1\t\t\tthemetag.rules:8\n"
                            "entry\ttheft\t\t\t1\t\t\tthemetag.rules:8\n"
                            "overlap\ty1\tc\t\t1\t\t\t\n"
                            "overlap\ty2\tc\t\t1\t\t\t\n");
    /* text for people: shares; --theme keeps one theme's rules and the overlaps it is in */
    th_run x = th_cli(NULL, ARGS("--rules", dir, "--stats", "--format", "text", "--theme", "crime", doc));
    cr_expect_eq(x.status, 0, "%s", x.err);
    cr_expect(strncmp(x.out, "== 1 document, 4 sentences\n", 27) == 0, "%s", x.out);
    cr_expect_not_null(strstr(x.out, "\ncrime                             2   50.00%\n"), "%s", x.out);
    cr_expect_null(strstr(x.out, "\nyouth "), "%s", x.out);
    cr_expect_null(strstr(x.out, "\ny1                         youth"), "the other theme's rules are left out: %s", x.out);
    cr_expect_not_null(strstr(x.out, "\nc                          crime                          2         2    100.0%         0\n"),
                       "%s", x.out);
    cr_expect_null(strstr(x.out, "\nkids "), "entries of the other theme are left out: %s", x.out);
    cr_expect_not_null(strstr(x.out, "\ny1                         c                                  1\n"), "%s", x.out);
    /* jsonl: one object a row */
    th_run j = th_cli(NULL, ARGS("--rules", dir, "--stats", "--format", "jsonl", doc));
    cr_expect_eq(j.status, 0, "%s", j.err);
    cr_expect_eq(th_count_lines(j.out, j.out_len), 17);
    cr_expect_not_null(strstr(j.out, "{\"kind\":\"rule\",\"name\":\"y1\",\"theme\":\"youth\",\"sentences\":3,\"sole\":1,\"vetoed\":0}\n"),
                       "%s", j.out);
    th_run_free(&t);
    th_run_free(&x);
    th_run_free(&j);
    unlink(doc);
    free(doc);
    th_rm_rf(dir);
    free(dir);
}

/* The value of column k (0-based) of a tab-separated line. */
static long tsv_number(const char *line, int k)
{
    for (int i = 0; i < k && line; i++) {
        line = strchr(line, '\t');
        if (line)
            line++;
    }
    return line ? strtol(line, NULL, 10) : -1;
}

Test(cli, stats_agree_with_the_sentences_the_rules_label, .description = "cli-8.2", .timeout = 120)
{
    /* each rule's fires is the number of sentences whose JSONL evidence names it, its sole the
     * number of those whose theme no other rule gives; each theme's count that of its label */
    const char *ref = "corpus/000_95ca8d13d2304703.txt";
    th_run s = th_cli(NULL, ARGS("--stats", "--format", "tsv", ref));
    cr_assert_eq(s.status, 0, "%s", s.err);
    th_run all = th_cli(NULL, ARGS("--format", "jsonl", ref));
    cr_assert_eq(all.status, 0, "%s", all.err);
    size_t rules = 0, themes = 0;
    for (char *line = s.out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char kind[16] = {0}, name[128] = {0}, theme[64] = {0};
        /* kind name (other) theme ...: the other column is empty in rule and theme rows */
        if (sscanf(line, "%15[^\t]\t%127[^\t]\t\t%63[^\t]", kind, name, theme) != 3)
            continue;
        char rule_key[256], label_key[128];
        snprintf(rule_key, sizeof rule_key, "{\"rule\":\"%s\",\"label\":\"%s\"", name, theme);
        snprintf(label_key, sizeof label_key, "\"label\":\"%s\"", theme);
        long fires = 0, sole = 0, labelled = 0;
        for (char *l = all.out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
            char *end = strchr(l, '\n');
            size_t len = end ? (size_t)(end - l) : strlen(l);
            char *one = strndup(l, len);
            char *labels = strstr(one, "\"labels\":[");
            char want[128];
            snprintf(want, sizeof want, "\"%s\"", theme);
            char *close = labels ? strchr(labels, ']') : NULL;
            char *hit = labels ? strstr(labels, want) : NULL;
            labelled += hit && hit < close;
            if (strstr(one, rule_key)) {
                fires++;
                /* sole: every evidence item of this theme names this rule */
                bool other = false;
                for (char *p = strstr(one, label_key); p; p = strstr(p + 1, label_key)) {
                    char *r = p;
                    while (r > one && strncmp(r, "{\"rule\":", 8) != 0)
                        r--;
                    other |= strncmp(r, rule_key, strlen(rule_key)) != 0;
                }
                sole += !other;
            }
            free(one);
        }
        if (strcmp(kind, "rule") == 0) {
            cr_expect_eq(fires, tsv_number(line, 4), "rule %s fires", name);
            cr_expect_eq(sole, tsv_number(line, 5), "rule %s sole", name);
            rules++;
        } else if (strcmp(kind, "theme") == 0 && strcmp(name, "any") && strcmp(name, "two or more")) {
            cr_expect_eq(labelled, tsv_number(line, 4), "theme %s", name);
            themes++;
        }
    }
    cr_expect_gt(rules, 40, "every shipped rule is listed: %zu", rules);
    cr_expect_eq(themes, 5);
    /* --rule lists as many sentences as --stats says the rule fires on */
    th_run r = th_cli(NULL, ARGS("--rule", "ct.terrorism", "--format", "tsv", ref));
    char *row = strstr(s.out, "\nrule\tct.terrorism\t");
    cr_assert_not_null(row);
    cr_expect_eq((long)th_count_lines(r.out, r.out_len) - 1, tsv_number(row + 1, 4));
    /* the same document eight times, one thread or four: eight times the counts */
    th_run one = th_cli(NULL, ARGS("--stats", "--format", "tsv", ref, ref, ref, ref, ref, ref, ref, ref));
    th_run four = th_cli(NULL, ARGS("-j", "4", "--stats", "--format", "tsv", ref, ref, ref, ref, ref, ref, ref, ref));
    cr_expect_str_eq(one.out, four.out);
    cr_expect_not_null(strstr(one.out, "input\tdocuments\t\t\t8\t"), "%s", one.out);
    cr_expect_not_null(strstr(one.out, "input\tsentences\t\t\t376\t"), "%s", one.out);
    th_run_free(&s);
    th_run_free(&all);
    th_run_free(&r);
    th_run_free(&one);
    th_run_free(&four);
}

Test(cli, stats_keeps_to_the_theme_asked_for_and_counts_lines, .description = "cli-8.5")
{
    /* one lexicon serves two themes: with --theme crime, an entry counts the sentences where it
     * is crime's evidence only */
    static const char *const lex[] = {"young", "children\nkids\n", NULL};
    char *dir = th_rule_dir("theme youth \"y\"\ntheme crime \"c\"\n"
                            "rule y1 for youth\n    match @young\n"
                            "rule c for crime\n    match @young and theft\n"
                            "rule c2 for crime\n    match fraud*\n"
                            "rule c3 for crime\n    match play*\n    unless kids\n",
                            lex);
    char *doc = th_temp_file("Kids play. Kids commit theft. Fraud by kids.", 44);
    th_run t = th_cli(NULL, ARGS("--rules", dir, "--stats", "--theme", "crime", "--format", "tsv", doc));
    cr_expect_eq(t.status, 0, "%s", t.err);
    cr_expect_not_null(strstr(t.out, "\nentry\tkids\t\t\t1\t\t\t@young:2\n"), "%s", t.out);
    /* c3 found "play" in "Kids play." and its unless removed it: vetoed 1, fires 0 */
    cr_expect_not_null(strstr(t.out, "\nrule\tc3\t\tcrime\t0\t0\t1\t\n"), "%s", t.out);
    th_run a = th_cli(NULL, ARGS("--rules", dir, "--stats", "--format", "tsv", doc));
    cr_expect_not_null(strstr(a.out, "\nentry\tkids\t\t\t3\t\t\t@young:2\n"), "%s", a.out);
    /* lines: every line counts, a blank one too; sentences are the lines with text */
    th_run l = th_cli_bytes("Kids play.\n\n\nFraud pays.\n", 25,
                            ARGS("--rules", dir, "--input", "lines", "--stats", "--format", "text"));
    cr_expect_eq(l.status, 0, "%s", l.err);
    cr_expect(strncmp(l.out, "== 4 lines, 2 sentences\n", 24) == 0, "%s", l.out);
    /* a column for people is cut between characters, never inside one */
    char *udir = th_rule_dir("theme t \"t\"\nrule r for t\n    match \"the Republic of C\xc3\xb4te d'Ivoire and S\xc3\xa3o Tom\xc3\xa9\"\n",
                             NULL);
    static const char utext[] = "We met the Republic of C\xc3\xb4te d'Ivoire and S\xc3\xa3o Tom\xc3\xa9.";
    th_run u = th_cli_bytes(utext, sizeof utext - 1, ARGS("--rules", udir, "--stats", "--format", "text"));
    cr_expect_eq(u.status, 0, "%s", u.err);
    cr_expect(tt_utf8_valid(u.out, u.out_len, NULL), "%s", u.out);
    cr_expect_not_null(strstr(u.out, "\nthe Republic of C\xc3\xb4te d'Ivoire and S\xc3\xa3 themetag.rules:3"), "%s", u.out);
    th_run_free(&t);
    th_run_free(&a);
    th_run_free(&l);
    th_run_free(&u);
    unlink(doc);
    free(doc);
    th_rm_rf(dir);
    free(dir);
    th_rm_rf(udir);
    free(udir);
}

Test(cli, rule_lists_only_its_sentences, .description = "cli-8.3")
{
    char *dir = stats_rules();
    char *doc = th_temp_file(stats_doc, sizeof stats_doc - 1);
    char *none = th_temp_file("Nothing here.", 13);
    th_run t = th_cli(NULL, ARGS("--rules", dir, "--rule", "y2", "--format", "tsv", doc, none));
    cr_expect_eq(t.status, 0, "%s", t.err);
    char want[512];
    snprintf(want, sizeof want,
             "doc\tn\tstart\tend\tlabels\ttext\n"
             "%s\t2\t19\t42\tyouth\tPupils at school learn.\n"
             "%s\t4\t62\t94\tyouth,crime\tChildren commit theft at school.\n", doc, doc);
    cr_expect_str_eq(t.out, want);
    th_run x = th_cli(NULL, ARGS("--rules", dir, "--rule", "c", "--format", "text", doc, none));
    cr_expect_eq(x.status, 0, "%s", x.err);
    cr_expect_not_null(strstr(x.out, "    3  [crime] Fraud is a crime.\n"), "%s", x.out);
    cr_expect_not_null(strstr(x.out, "   -- 2 of 4 sentences; youth 1; crime 2\n"), "%s", x.out);
    cr_expect_null(strstr(x.out, none), "a document without the rule's sentences is left out: %s", x.out);
    th_run_free(&t);
    th_run_free(&x);
    unlink(doc);
    unlink(none);
    free(doc);
    free(none);
    th_rm_rf(dir);
    free(dir);
}

Test(cli, stats_and_rule_usage_errors, .description = "cli-8.4")
{
    static const struct {
        const char *a, *b, *msg;
    } cases[] = {
        {"--stats", "--explain", "--stats writes text, tsv or jsonl, without --explain"},
        {"--rule", "nope", "the rule set has no rule 'nope'"},
        {"--theme", "youth", "--theme goes with --changes or --stats"},
    };
    const char *ref = "corpus/000_95ca8d13d2304703.txt";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_run r = th_cli(NULL, ARGS(cases[i].a, cases[i].b, ref));
        cr_expect_eq(r.status, 2, "%s %s: %d", cases[i].a, cases[i].b, r.status);
        cr_expect_not_null(strstr(r.err, cases[i].msg), "%s", r.err);
        cr_expect_eq(r.out_len, 0, "%s", r.out);
        th_run_free(&r);
    }
    th_run a = th_cli(NULL, ARGS("--stats", "--rule", "ct.terrorism", ref));
    cr_expect_eq(a.status, 2);
    cr_expect_not_null(strstr(a.err, "different runs"), "%s", a.err);
    th_run b = th_cli(NULL, ARGS("--stats", "--theme", "nope", ref));
    cr_expect_eq(b.status, 2);
    cr_expect_not_null(strstr(b.err, "the rule set has no theme 'nope'"), "%s", b.err);
    th_run c = th_cli(NULL, ARGS("--stats", "--format", "html", ref));
    cr_expect_eq(c.status, 2);
    th_run d = th_cli(NULL, ARGS("--rule", "ct.terrorism", "--explain", ref));
    cr_expect_eq(d.status, 2);
    cr_expect_not_null(strstr(d.err, "give them to themetag explain"), "%s", d.err);
    th_run e = th_cli(NULL, ARGS("eval", "--rule", "ct.terrorism"));
    cr_expect_eq(e.status, 2, "eval does not ignore --rule: %d", e.status);
    cr_expect_not_null(strstr(e.err, "--rule is an option of classifying"), "%s", e.err);
    th_run f = th_cli(NULL, ARGS("--rule", "rules", ref));
    cr_expect_eq(f.status, 2);
    cr_expect_not_null(strstr(f.err, "for a rule folder, say --rules"), "%s", f.err);
    th_run_free(&e);
    th_run_free(&f);
    th_run_free(&a);
    th_run_free(&b);
    th_run_free(&c);
    th_run_free(&d);
}
