package causse.module;

/** A service discovery identity (XEP-0030 §3.1); name may be null. */
public record DiscoIdentity(String category, String type, String name) {
}
