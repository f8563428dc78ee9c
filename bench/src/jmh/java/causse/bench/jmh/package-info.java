/**
 * JMH microbenchmarks of the hot paths: XML framing ({@link causse.bench.jmh.XmlFramingBenchmark}), stanza
 * serialisation ({@link causse.bench.jmh.StanzaEncodingBenchmark}) and the routing of one message
 * ({@link causse.bench.jmh.RoutingBenchmark}). Run them with {@code bench/jmh}; figures are in
 * {@code bench/RESULTS.md}.
 *
 * <p>They drive the production classes (decoder, encoder, router, modules); only the two edges a
 * benchmark cannot have are stand-ins: the client's bytes come from {@link causse.bench.jmh.ChatTraffic}
 * and the recipient's socket is {@link causse.bench.jmh.DiscardingSocket}. {@code mvn verify} compiles
 * this source root with the tests so it cannot rot, and runs none of it.
 */
package causse.bench.jmh;
