# Drives a command through a pseudo-terminal, as a user at a keyboard would: waits for each prompt,
# and before typing an answer marked secret waits until the program has switched terminal echo off
# (tcgetattr on the master reads the slave's flags), so that the check has no timing race.
# Usage: python3 pty-driver.py STEPS_FILE COMMAND...; STEPS_FILE lines: "prompt<TAB>answer[<TAB>secret]".
# Prints the whole terminal transcript; exits with the command's exit code.
import os, pty, select, sys, termios, time

steps = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

out = b""
def pump(timeout):
    global out
    ready, _, _ = select.select([fd], [], [], timeout)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return False
        if not chunk:
            return False
        out += chunk
    return True

def wait(condition, what):
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline or not pump(0.1):
            sys.stdout.write(out.decode("utf-8", "replace"))
            sys.stderr.write("pty-driver: gave up waiting for " + what + "\n")
            sys.exit(99)

position = 0
for step in steps:
    prompt, answer = step[0].encode(), step[1]
    wait(lambda: out.find(prompt, position) >= 0, repr(step[0]))
    position = out.find(prompt, position) + len(prompt)
    if len(step) > 2 and step[2] == "secret":
        wait(lambda: not (termios.tcgetattr(fd)[3] & termios.ECHO), "echo off")
    os.write(fd, (answer + "\r").encode())

while pump(1):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
