"""SMTP sink of the mail tests: aiosmtpd's Mailbox handler (one Maildir file per accepted message),
optionally offering STARTTLS with a given certificate and requiring a login. Each stored message
gets X-Sink-TLS / X-Sink-Login headers so that a test can tell how it arrived.
Usage: smtp-sink.py PORT MAILDIR [--host ADDRESS] [--tls CERT KEY] [--login USER PASSWORD]"""
import argparse
import signal
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


class MarkingMailbox(Mailbox):
    def prepare_message(self, session, envelope):
        message = super().prepare_message(session, envelope)
        message["X-Sink-TLS"] = "yes" if session.ssl is not None else "no"
        login = getattr(session.auth_data, "login", None) if session.authenticated else None
        message["X-Sink-Login"] = login.decode() if login else "none"
        return message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--login", nargs=2, metavar=("USER", "PASSWORD"))
    args = parser.parse_args()

    kwargs = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.login:
        user, password = (s.encode() for s in args.login)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data == (user, password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls))
    controller = Controller(MarkingMailbox(args.maildir), hostname=args.host, port=args.port, **kwargs)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
