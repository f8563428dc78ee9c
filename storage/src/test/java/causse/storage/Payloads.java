package causse.storage;

import java.nio.charset.StandardCharsets;

/** Large XML text for the stores' round-trip tests: every kind of character a stanza may carry. */
public final class Payloads {
    /**
     * ASCII, Latin-1, CJK, a character outside the BMP (a surrogate pair in Java), escaped markup, a CR LF and a
     * tab (which XML keeps as they are in text), and U+FFFD.
     */
    private static final String MIX = "Grüße, ça va ? 日本語のテキスト 𝄞😀 &lt;b&gt;&amp;\r\n\t\uFFFD ";

    private Payloads() {
    }

    /** A message stanza of at least {@code utf8Bytes} bytes once encoded as UTF-8. */
    public static String stanza(int utf8Bytes) {
        return wrap("<message xmlns='jabber:client' from='élodie@example.org/ψ' to='alice@example.org' type='chat'>"
                + "<body>", "</body></message>", utf8Bytes);
    }

    /** A vCard-temp document with a photo of at least {@code utf8Bytes} bytes in all. */
    public static String vcard(int utf8Bytes) {
        return wrap("<vCard xmlns='vcard-temp'><FN>Élodie Ĉu 😀</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>",
                "</BINVAL></PHOTO></vCard>", utf8Bytes);
    }

    private static String wrap(String head, String tail, int utf8Bytes) {
        StringBuilder text = new StringBuilder(head);
        int bytes = utf8(head) + utf8(tail);
        int mixBytes = utf8(MIX);
        for (int i = 0; bytes < utf8Bytes; i++) {
            // A counter, so that no two chunks are alike and a truncated or reordered copy cannot pass as equal.
            String chunk = MIX + i + ' ';
            text.append(chunk);
            bytes += mixBytes + utf8(i + " ");
        }
        return text.append(tail).toString();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
