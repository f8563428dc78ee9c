package causse.s2s.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Decides whether a peer's certificate chain proves an XMPP domain (RFC 6120 §13.7.2, RFC 6125): the chain
 * validates against the configured trust anchors (PKIX, no revocation check, no extended-key-usage demand since
 * servers use one certificate for both directions), and the leaf names the domain as an {@code id-on-xmppAddr},
 * an {@code SRVName} of {@code _xmpp-server}, or a DNS name (a wildcard only as the whole left-most label); the
 * subject CN counts only when the certificate has no subjectAltName at all. The domain is the peer's XMPP domain,
 * never an SRV target host name.
 */
public final class PeerCertificates {
    static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    static final ASN1ObjectIdentifier SRV_NAME = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    private final Set<TrustAnchor> anchors;

    public PeerCertificates(List<X509Certificate> trusted) {
        Set<TrustAnchor> set = new java.util.HashSet<>();
        for (X509Certificate c : trusted) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(set);
    }

    /** The chain the peer presented on {@code tls}, leaf first; null when it presented none (or there is no TLS). */
    public static X509Certificate[] chainOf(io.netty.handler.ssl.SslHandler tls) {
        if (tls == null) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        } catch (javax.net.ssl.SSLPeerUnverifiedException | ClassCastException e) {
            return null;
        }
    }

    /** True when {@code chain} (leaf first) is trusted and names {@code domain}; false for no chain at all. */
    public boolean proves(X509Certificate[] chain, String domain) {
        return chain != null && chain.length > 0 && trusted(chain) && names(chain[0], domain);
    }

    public boolean trusted(X509Certificate[] chain) {
        if (anchors.isEmpty()) {
            return false;
        }
        try {
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            // a peer may send its root too; PKIX wants the path without the anchor
            path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)) && path.size() > 1);
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public static boolean names(X509Certificate leaf, String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT);
        GeneralNames sans;
        try {
            sans = GeneralNames.fromExtensions(new JcaX509CertificateHolder(leaf).getExtensions(),
                    Extension.subjectAlternativeName);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
        if (sans == null) {
            return commonNameMatches(leaf, wanted);
        }
        for (GeneralName name : sans.getNames()) {
            if (name.getTagNo() == GeneralName.dNSName && dnsNameMatches(name.getName().toString(), wanted)) {
                return true;
            }
            if (name.getTagNo() == GeneralName.otherName && otherNameMatches(OtherName.getInstance(name.getName()), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean otherNameMatches(OtherName other, String domain) {
        ASN1Encodable value = other.getValue();
        while (value instanceof ASN1TaggedObject tagged) {
            value = tagged.getBaseObject();
        }
        if (!(value instanceof ASN1String text)) {
            return false;
        }
        String s = text.getString().toLowerCase(Locale.ROOT);
        if (XMPP_ADDR.equals(other.getTypeID())) {
            return s.equals(domain);
        }
        return SRV_NAME.equals(other.getTypeID()) && s.equals("_xmpp-server." + domain);
    }

    static boolean dnsNameMatches(String pattern, String domain) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = domain.indexOf('.');
            return dot > 0 && domain.substring(dot + 1).equals(p.substring(2));
        }
        return p.equals(domain);
    }

    private static boolean commonNameMatches(X509Certificate leaf, String domain) {
        try {
            for (RDN rdn : new JcaX509CertificateHolder(leaf).getSubject().getRDNs(BCStyle.CN)) {
                if (dnsNameMatches(IETFUtils.valueToString(rdn.getFirst().getValue()), domain)) {
                    return true;
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
