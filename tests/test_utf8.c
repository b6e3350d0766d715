/*
 * test_utf8.c - strict validation (offsets of the first bad byte), decoding, classes.
 * Test ids: utf8-<n>.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

TestSuite(utf8, .fini = th_leak_check);

static void bad_at(const char *s, size_t len, size_t want)
{
    size_t bad = 12345;
    cr_expect_eq(tt_utf8_valid(s, len, &bad), 0, "should be invalid");
    cr_expect_eq(bad, want, "first bad byte at %zu, expected %zu", bad, want);
}

Test(utf8, valid_text, .description = "utf8-1")
{
    const char *s = "plain ASCII, Ünïcödé, ₽, 😀, U+FFFF \xEF\xBF\xBF";
    cr_expect(tt_utf8_valid(s, strlen(s), NULL));
    cr_expect(tt_utf8_valid("", 0, NULL));
    cr_expect(tt_utf8_valid("a\0b", 3, NULL), "NUL is valid UTF-8");
}

Test(utf8, invalid_sequences, .description = "utf8-2")
{
    bad_at("abc\xE2\x80", 5, 3);                 /* truncated at the end */
    bad_at("abc\xE2\x80xyz", 8, 3);              /* truncated inside */
    bad_at("ab\xC0\xAF", 4, 2);                  /* overlong '/' */
    bad_at("ab\xE0\x80\xAF", 5, 2);              /* overlong, three bytes */
    bad_at("ab\xED\xA0\x80", 5, 2);              /* surrogate U+D800 */
    bad_at("\xF4\x90\x80\x80", 4, 0);            /* above U+10FFFF */
    bad_at("0123456789abcdef\xFF", 17, 16);      /* after an ASCII run (fast path) */
    bad_at("\x80", 1, 0);                        /* lone continuation byte */
}

Test(utf8, decode_maximal_subparts, .description = "utf8-3")
{
    int n;
    const unsigned char a[] = "\xE2\x80x";
    cr_expect_eq(u8_decode(a, a + 3, &n), U8_BAD);
    cr_expect_eq(n, 2, "a truncated sequence is one replacement for its two bytes");
    const unsigned char b[] = "\xE2\x82\xAC";
    cr_expect_eq(u8_decode(b, b + 3, &n), 0x20AC);
    cr_expect_eq(n, 3);
}

Test(utf8, classes_and_folding, .description = "utf8-4")
{
    cr_expect(u8_is_space(0xA0));
    cr_expect(u8_is_space(0xFEFF));
    cr_expect(u8_is_space(0));
    cr_expect(u8_is_space(0x3000));
    cr_expect_not(u8_is_space('a'));
    cr_expect(u8_is_lower(0xE9));
    cr_expect(u8_is_upper(0xC9));
    cr_expect_eq(u8_fold(0xC9), 0xE9);
    cr_expect_eq(u8_fold(0x416), 0x436, "Cyrillic Zhe");
    cr_expect(u8_is_alpha(0x4E2D), "CJK ideograph is a letter");
}

Test(utf8, collapse_whitespace_and_replace_bad_bytes, .description = "utf8-5")
{
    buf b = {0};
    const char s[] = "  a\t\r\n b\0c\xFF" "d\xC2\xA0" "e  ";
    u8_collapse(&b, s, 0, sizeof s - 1);
    cr_expect_str_eq(b.data, "a b c\xEF\xBF\xBD" "d e");
    buf_free(&b);
}
