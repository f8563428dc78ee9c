/**
 * Routing of stanzas from trusted senders (RFC 6120 §10, RFC 6121 §8.5). The whole rule set, in one table;
 * {@link causse.server.router.LocalRouter} implements it and nothing else decides where a stanza goes.
 *
 * <pre>
 * to                         | message                              | presence                         | iq get/set                 | iq result/error
 * ---------------------------+--------------------------------------+----------------------------------+----------------------------+----------------
 * (none)                     | as to the sender's bare JID          | (handled by the c2s session)     | account scope of sender    | dropped
 * service domain (pubsub.*)  | the service's handler, for every kind and type (it answers like an entity of its own)
 * other domain               | remote delivery (s2s); without s2s: error remote-server-not-found, for every kind
 * hosted domain              | service-unavailable (headline: drop) | dropped                          | server scope handler, else | the server's own request
 *                            |                                      |                                  | service-unavailable        | it answers (same id, from
 *                            |                                      |                                  |                            | the JID asked), else dropped
 * hosted domain/resource     | service-unavailable                  | dropped                          | service-unavailable        | dropped
 * user@host (bare)           | chat/normal: available resources of  | every available resource         | account scope handler,     | dropped
 *                            | highest priority >= 0, all if tied;  |                                  | else service-unavailable   |
 *                            | none: undeliverable hook (offline).  |                                  |                            |
 *                            | headline: all with priority >= 0,    |                                  |                            |
 *                            | none: drop. groupchat: error         |                                  |                            |
 *                            | service-unavailable. error: like     |                                  |                            |
 *                            | chat but dropped when none           |                                  |                            |
 * user@host/res, bound       | that resource                        | that resource                    | that resource              | that resource
 * user@host/res, not bound   | chat/normal/headline: as bare JID;   | subscription types: as bare JID; | service-unavailable        | dropped
 *                            | groupchat: service-unavailable;      | others: dropped                  |                            |
 *                            | error: dropped                       |                                  |                            |
 * </pre>
 *
 * The server's own requests ({@link causse.module.ModuleContext#request}) wait in
 * {@link causse.server.router.PendingRequests} until an answer matches them there or they time out.
 *
 * An error stanza is never answered with another error, so two servers cannot bounce a stanza forever.
 */
package causse.server.router;
