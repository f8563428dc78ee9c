package causse.s2s.dns;

/** One SRV record's answer (RFC 2782), before its host name is resolved to addresses. */
public record SrvTarget(int priority, int weight, String host, int port, boolean directTls) {
}
