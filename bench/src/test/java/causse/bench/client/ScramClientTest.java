package causse.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScramClientTest {
    @Test
    void rfc5802Sha1Vector() {
        ScramClient c = new ScramClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        assertThat(c.clientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(c.verifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")).isTrue();
        assertThat(c.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")).isFalse();
    }

    @Test
    void rfc7677Sha256Vector() {
        ScramClient c = new ScramClient("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(c.clientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(c.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).isTrue();
    }

    @Test
    void refusesANonceThatDoesNotExtendOurs() {
        ScramClient c = new ScramClient("SCRAM-SHA-1", "user", "pencil", "abc");
        c.clientFirst();
        assertThatThrownBy(() -> c.clientFinal("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void escapesCommaAndEqualsInTheUsername() {
        assertThat(new ScramClient("SCRAM-SHA-256", "a,b=c", "p", "n").clientFirst()).isEqualTo("n,,n=a=2Cb=3Dc,r=n");
    }
}
