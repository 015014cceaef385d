#!/usr/bin/python3
"""terminal.py [--interrompre MOTIF]... SORTIE COMMANDE... : lance COMMANDE dans un pseudo-terminal neuf dont elle est le
terminal de contrôle (comme une enseignante qui tape make classe dans son terminal), recopie tout
ce qui s'y affiche dans SORTIE, puis y ajoute ce qui attend encore dans l'entrée du terminal (ce
qu'un TIOCSTI y aurait poussé). Avec --interrompre, tape Ctrl-C dès qu'un fichier correspond au
MOTIF (glob ; l'un des motifs s'il y en a plusieurs) : un état observable, pas un délai ; la
ligne « [Ctrl-C] CHEMIN » de SORTIE dit le fichier trouvé. Rend le code de COMMANDE."""
import fcntl, glob, os, select, signal, sys, termios, tty

motifs = []
while sys.argv[1] == "--interrompre":
    motifs.append(sys.argv[2])
    del sys.argv[1:3]
sortie, cmd = sys.argv[1], sys.argv[2:]
maitre, esclave = os.openpty()
pid = os.fork()
if pid == 0:
    os.close(maitre)
    os.setsid()
    fcntl.ioctl(esclave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(esclave, fd)
    os.close(esclave)
    # SIGPIPE et SIGXFSZ restent ignorés, comme python (et le lanceur de Gradescope, écrit en
    # python) les laisse : le banc doit rendre leurs dispositions par défaut aux programmes notés.
    # SIGINT et SIGQUIT, eux, reprennent leur disposition par défaut, comme pour une commande tapée
    # dans un terminal : lancé en arrière-plan (make check), on les hériterait ignorés.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    os.execvp(cmd[0], cmd)


def vider(f, attente):
    while select.select([maitre], [], [], attente)[0]:
        try:
            f.write(os.read(maitre, 65536))
        except OSError:
            return


with open(sortie, "wb") as f:
    statut = None
    while statut is None:
        vider(f, 0.05 if motifs else 0.2)
        trouves = [t for m in motifs for t in glob.glob(m)]
        if trouves:
            os.write(maitre, b"\x03")
            f.write(b"\n[Ctrl-C] " + os.fsencode(trouves[0]) + b"\n")
            motifs = []
        p, s = os.waitpid(pid, os.WNOHANG)
        if p == pid:
            statut = s
    vider(f, 0.2)
    # L'entrée en attente, lue du côté de l'esclave (gardé ouvert), en mode brut, sans bloquer.
    tty.setraw(esclave)
    fcntl.fcntl(esclave, fcntl.F_SETFL, os.O_NONBLOCK)
    try:
        f.write(b"\n[entree en attente] " + os.read(esclave, 65536) + b"\n")
    except BlockingIOError:
        f.write(b"\n[entree en attente] (rien)\n")
sys.exit(os.waitstatus_to_exitcode(statut))
