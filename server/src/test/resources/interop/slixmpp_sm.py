"""A slixmpp (Debian python3-slixmpp) client with stream management (XEP-0198) for Causse's interop test.

Logs in over STARTTLS, enables stream management through slixmpp's own plugin, sends one chat message,
asks the server to acknowledge it (slixmpp's own request), and waits for the acknowledgement.
Prints one fact per line.
Usage: slixmpp_sm.py HOST PORT JID PASSWORD CA_FILE PEER_JID (slixmpp_chat.py in the same directory)
"""
import slixmpp

from slixmpp_chat import run


class Acked(slixmpp.ClientXMPP):
    def __init__(self, jid, password, peer):
        super().__init__(jid, password)
        self.peer = peer
        # A window of one: slixmpp asks for an acknowledgement right after each stanza it sends.
        self.register_plugin("xep_0198", {"window": 1})
        self.add_event_handler("sm_enabled", self.enabled)
        self.add_event_handler("sm_failed", lambda _: self.finish("SM FAILED"))
        self.add_event_handler("stanza_acked", self.acked)
        self.add_event_handler("session_start", lambda _: print("BOUND " + str(self.boundjid), flush=True))

    def enabled(self, stanza):
        print("SM ENABLED resume=" + str(stanza["resume"]), flush=True)
        message = self.make_message(mto=self.peer, mbody="acked by the server?", mtype="chat")
        message["id"] = "sm-1"
        message.send()
        # COMPAT: slixmpp 1.8.3 writes the <r/> of its window before the stanza that triggered it, so the server's
        # answer to that one counts the stanzas before the message; the <r/> sent with the presence counts it.
        self.send_presence()

    def acked(self, stanza):
        if stanza.name == "message" and stanza["id"] == "sm-1":
            self.finish("ACKED sm-1")

    def finish(self, line):
        print(line, flush=True)
        self.disconnect()


if __name__ == "__main__":
    run(Acked)
