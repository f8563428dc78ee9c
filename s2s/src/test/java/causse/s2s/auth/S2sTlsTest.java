package causse.s2s.auth;

import static org.assertj.core.api.Assertions.assertThat;

import causse.tls.CertificateFiles;
import causse.tls.SelfSignedCertificates;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S2sTlsTest {
    @Test
    void aRenewedPairReplacesBothContextsAndAnUnusableOneKeepsThePrevious(@TempDir Path dir) throws Exception {
        CertificateFiles live = new SelfSignedCertificates().ensure("a.test", Files.createDirectories(dir.resolve("live")));
        S2sTls tls = new S2sTls(Map.of("a.test", live));
        SslContext server = tls.server("a.test");
        SslContext client = tls.client("a.test");
        assertThat(tls.reloadChanged()).isEmpty();

        CertificateFiles renewed = new SelfSignedCertificates().ensure("a.test",
                Files.createDirectories(dir.resolve("renewed")));
        // The certificate alone: it does not match the key still in place, the previous contexts stay.
        Files.copy(renewed.certificate(), live.certificate(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(tls.reloadChanged()).isEmpty();
        assertThat(tls.server("a.test")).isSameAs(server);
        assertThat(tls.client("a.test")).isSameAs(client);

        Files.copy(renewed.privateKey(), live.privateKey(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(tls.reloadChanged()).containsExactly("a.test");
        assertThat(tls.server("a.test")).isNotSameAs(server);
        assertThat(tls.client("a.test")).isNotSameAs(client);
        assertThat(tls.server(null)).isSameAs(tls.server("a.test"));
    }
}
