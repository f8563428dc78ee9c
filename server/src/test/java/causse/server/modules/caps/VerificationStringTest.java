package causse.server.modules.caps;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.XmlElement;
import causse.xml.XmlParser;
import org.junit.jupiter.api.Test;

/** XEP-0115 §5: the verification string, checked against the specification's own examples, and §5.4's checks. */
class VerificationStringTest {
    private static final String INFO = "http://jabber.org/protocol/disco#info";
    private static final String FEATURES = "<feature var='http://jabber.org/protocol/disco#info'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/>"
            + "<feature var='http://jabber.org/protocol/muc'/>"
            + "<feature var='http://jabber.org/protocol/caps'/>";
    /** §5.2, features given out of order. */
    private static final String SIMPLE = "<query xmlns='" + INFO + "'>"
            + "<identity category='client' type='pc' name='Exodus 0.9.1'/>" + FEATURES + "</query>";
    private static final String SOFTWARE_INFO_FORM = "<x xmlns='jabber:x:data' type='result'>"
            + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
            + "<field var='ip_version' type='text-multi'><value>ipv4</value><value>ipv6</value></field>"
            + "<field var='os'><value>Mac</value></field>"
            + "<field var='os_version'><value>10.5.1</value></field>"
            + "<field var='software'><value>Psi</value></field>"
            + "<field var='software_version'><value>0.11</value></field></x>";
    /** §5.3, as the example's disco#info result gives it. */
    private static final String COMPLEX = "<query xmlns='" + INFO + "'"
            + " node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>"
            + "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
            + "<identity xml:lang='el' category='client' name='\u03a8 0.11' type='pc'/>"
            + FEATURES + SOFTWARE_INFO_FORM + "</query>";

    private static XmlElement query(String xml) {
        return XmlParser.parse(xml);
    }

    private static String s(String xml) {
        return VerificationString.of(query(xml));
    }

    @Test
    void theSimpleExampleOfSection5_2() {
        String s = s(SIMPLE);
        assertThat(s).isEqualTo("client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<"
                + "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<"
                + "http://jabber.org/protocol/muc<");
        assertThat(VerificationString.hash(s, "sha-1")).isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
        assertThat(VerificationString.verifies(query(SIMPLE), "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0=")).isTrue();
    }

    @Test
    void theComplexExampleOfSection5_3WithItsExtendedForm() {
        String s = s(COMPLEX);
        // The XEP prints the spaces of the names as U+00A0, but its ver is the hash of ordinary spaces.
        assertThat(s).isEqualTo("client/pc/el/\u03a8 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<"
                + "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<"
                + "http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<"
                + "ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<");
        assertThat(VerificationString.hash(s, "sha-1")).isEqualTo("q07IKJEyjvHSyhy//CH0CxmKi8w=");
    }

    @Test
    void sha256IsVerifiedTooAndOtherHashesAreNot() {
        assertThat(VerificationString.hash(s(SIMPLE), "sha-256"))
                .isEqualTo("Wr6IGEKhx6b9627gBmi/cCmpxXBc/GYq5zWuYfWGWoc=");
        assertThat(VerificationString.supports("sha-256")).isTrue();
        assertThat(VerificationString.supports("md5")).isFalse();
        assertThat(VerificationString.supports(null)).isFalse();
        assertThat(VerificationString.verifies(query(SIMPLE), "md5", "QgayPKawpkPSDYmwT/WM94uAlu0=")).isFalse();
    }

    @Test
    void anotherFeatureSetDoesNotVerify() {
        String forged = SIMPLE.replace("</query>", "<feature var='urn:example:extra'/></query>");
        assertThat(VerificationString.verifies(query(forged), "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0=")).isFalse();
    }

    @Test
    void sortingIsByOctetsNotByUtf16Units() {
        // U+E000 is EE 80 80 in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 it sorts after.
        String s = s("<query xmlns='" + INFO + "'><feature var='\ud83d\ude00'/><feature var='\ue000'/></query>");
        assertThat(s).isEqualTo("\ue000<\ud83d\ude00<");
    }

    @Test
    void repeatedIdentitiesFeaturesOrFormTypesAreIllFormed() {
        assertThat(s(SIMPLE.replace("</query>", "<feature var='http://jabber.org/protocol/muc'/></query>"))).isNull();
        assertThat(s(SIMPLE.replace("</query>", "<identity category='client' type='pc' name='Exodus 0.9.1'/></query>")))
                .isNull();
        assertThat(s(COMPLEX.replace("</query>", SOFTWARE_INFO_FORM + "</query>"))).isNull();
        assertThat(s(COMPLEX.replace("<value>urn:xmpp:dataforms:softwareinfo</value>",
                "<value>urn:xmpp:dataforms:softwareinfo</value><value>urn:example:other</value>"))).isNull();
    }

    @Test
    void formsWithoutAHiddenFormTypeAreIgnored() {
        String bare = s(SIMPLE);
        String noFormType = "<x xmlns='jabber:x:data' type='result'><field var='os'><value>Mac</value></field></x>";
        String notHidden = SOFTWARE_INFO_FORM.replace(" type='hidden'", "");
        assertThat(s(SIMPLE.replace("</query>", noFormType + "</query>"))).isEqualTo(bare);
        assertThat(s(SIMPLE.replace("</query>", notHidden + "</query>"))).isEqualTo(bare);
    }

    @Test
    void aSeparatorInsideAValueMakesTheAnswerUntrusted() {
        // The 2009 preimage attack: moving a feature into an identity's name keeps S, and so the ver, unchanged.
        String honest = "<query xmlns='" + INFO + "'><identity category='client' type='pc' name='x'/>"
                + "<feature var='urn:example:a'/><feature var='urn:example:e2e'/></query>";
        String forged = "<query xmlns='" + INFO + "'><identity category='client' type='pc' name='x&lt;urn:example:a'/>"
                + "<feature var='urn:example:e2e'/></query>";
        String ver = VerificationString.hash(s(honest), "sha-1");
        assertThat(VerificationString.verifies(query(honest), "sha-1", ver)).isTrue();
        assertThat(s(forged)).isNull();
        assertThat(VerificationString.verifies(query(forged), "sha-1", ver)).isFalse();
    }
}
