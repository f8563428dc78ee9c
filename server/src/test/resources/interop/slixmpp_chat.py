"""A slixmpp (Debian python3-slixmpp) client for Causse's interop test.

Logs in over STARTTLS, verifying the server certificate against the given CA file, sends one chat
message to a peer and waits for the answer. Prints what happened, one fact per line, for the Java test.
Usage: slixmpp_chat.py HOST PORT JID PASSWORD CA_FILE PEER_JID
"""
import asyncio
import sys

import slixmpp


class Chat(slixmpp.ClientXMPP):
    def __init__(self, jid, password, peer):
        super().__init__(jid, password)
        self.peer = peer
        self.add_event_handler("session_start", self.started)
        self.add_event_handler("message", self.message)
        self.add_event_handler("auth_success", self.on_auth)
        self.add_event_handler("failed_auth", lambda _: self.finish("AUTH FAILED"))

    def on_auth(self, _):
        print("MECH " + self["feature_mechanisms"].mech.name, flush=True)

    async def started(self, _):
        print("BOUND " + str(self.boundjid), flush=True)
        self.send_presence()
        self.send_message(mto=self.peer, mbody="ping from slixmpp", mtype="chat")

    def message(self, msg):
        if msg["type"] in ("chat", "normal"):
            self.finish("GOT " + str(msg["from"]) + " " + msg["body"])

    def finish(self, line):
        print(line, flush=True)
        self.disconnect()


def run(client_class):
    """Runs a client of client_class(jid, password, peer) with the command line's arguments, for 30 s at most."""
    host, port, jid, password, ca_file, peer = sys.argv[1:7]
    client = client_class(jid, password, peer)
    client.ca_certs = ca_file
    client.connect(address=(host, int(port)), force_starttls=True)
    # COMPAT: slixmpp 1.8.3's process(timeout=...) fails on Python 3.11; bound the run with a timer instead.
    client.loop.call_later(30, lambda: client.finish("TIMEOUT"))
    client.process(forever=False)


if __name__ == "__main__":
    run(Chat)
