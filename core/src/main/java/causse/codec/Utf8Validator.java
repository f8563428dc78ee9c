package causse.codec;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629), across chunk boundaries. Aalto's async reader
 * decodes leniently: it turns overlong forms ({@code C0 80} into U+0000, {@code C0 BC} into '<'),
 * encoded surrogates and code points above U+10FFFF into characters, which would then reach other
 * clients and storage.
 */
final class Utf8Validator {
    /** Continuation bytes still expected for the current sequence. */
    private int remaining;
    /** Bounds for the next continuation byte; narrower than 80..BF right after some lead bytes. */
    private int lower = 0x80;
    private int upper = 0xBF;

    /**
     * Returns how many leading bytes of the range are valid: {@code len} when all are (a sequence cut
     * at the end is valid so far), else the offset of the first byte that breaks the encoding.
     */
    int validPrefix(byte[] bytes, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (remaining == 0) {
                while (i < end && bytes[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
                if (!lead(bytes[i] & 0xFF)) {
                    return i - off;
                }
            } else {
                int b = bytes[i] & 0xFF;
                if (b < lower || b > upper) {
                    return i - off;
                }
                remaining--;
                lower = 0x80;
                upper = 0xBF;
            }
            i++;
        }
        return len;
    }

    /** Starts a multi-byte sequence; the bounds exclude overlong forms, surrogates and > U+10FFFF. */
    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return expect(1, 0x80, 0xBF);
        }
        if (b == 0xE0) {
            return expect(2, 0xA0, 0xBF);
        }
        if (b == 0xED) {
            return expect(2, 0x80, 0x9F);
        }
        if (b >= 0xE1 && b <= 0xEF) {
            return expect(2, 0x80, 0xBF);
        }
        if (b == 0xF0) {
            return expect(3, 0x90, 0xBF);
        }
        if (b >= 0xF1 && b <= 0xF3) {
            return expect(3, 0x80, 0xBF);
        }
        if (b == 0xF4) {
            return expect(3, 0x80, 0x8F);
        }
        return false;
    }

    private boolean expect(int continuations, int low, int high) {
        remaining = continuations;
        lower = low;
        upper = high;
        return true;
    }
}
