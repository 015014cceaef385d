/*
 * bac.c : dans le fils, juste avant exec, ce qui sépare le programme noté du correcteur.
 *
 * - Nouvelle session (setsid) : aucun terminal de contrôle, donc ni /dev/tty ni TIOCSTI vers le
 *   terminal de l'enseignant.
 * - En root, avec TP_IPC_UID (posé par outils/noter.sh ou outils/classe.sh) : le programme tourne
 *   sous cet uid sans privilège ; le correcteur, ses fichiers temporaires et son JSON restent à
 *   root : le programme ne peut ni les écrire, ni les signaler, ni les tracer. Pendant l'item, le
 *   processus du correcteur prend cet uid comme uid effectif (uid réel et sauvé : 0, fichiers en
 *   fsuid 0) : ses objets IPC sont ceux de l'étudiant, et il peut supprimer ceux de l'étudiant même
 *   sans CAP_SYS_ADMIN (Docker) ; l'étudiant ne peut toujours pas le signaler (uid réel 0).
 * - En root encore, une vue à lui (vue.c) : le système et les dossiers de l'item seulement, /tmp,
 *   /dev/shm et /proc neufs (hidepid : ni les processus du correcteur ni ceux des autres
 *   rendus), et pas de réseau (socket() hors AF_UNIX refusé par seccomp). Au mieux : sans
 *   CAP_SYS_ADMIN (Docker), seul le filtre reste.
 * - Dans l'espace de noms IPC de l'item (jamais en repli : ce seraient les limites de la
 *   machine), des limites à lui : 64 Mio de mémoire partagée System V, 128 objets de chaque sorte.
 * - Les références sont rangées par noter.sh dans un dossier que seul root traverse (0700), en
 *   mode 0711 : le fils les ouvre encore root et les exécute par leur descripteur (execveat) ;
 *   l'uid de l'étudiant ne peut ni les atteindre par leur chemin ni les relire (un exécutable
 *   illisible rend le processus non « dumpable » : /proc/PID/exe lui est fermé aussi).
 */
#define _GNU_SOURCE
#include "interne.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/fsuid.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

union semun_bac { /* semctl(2) : à définir par l'appelant */
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static noreturn void refuser(const char *quoi)
{
	fprintf(stderr, "banc : %s : %s\n", quoi, strerror(errno));
	_exit(126);
}

/* L'uid de TP_IPC_UID, ou 0 (pas de changement) ; refuse une valeur qui n'est pas un uid. */
static uid_t uid_du_bac(void)
{
	const char *v = getenv("TP_IPC_UID");
	char *fin;
	unsigned long u;

	if (v == NULL || *v == '\0' || getuid() != 0)
		return 0;
	errno = 0;
	u = strtoul(v, &fin, 10);
	if (errno != 0 || *fin != '\0' || u == 0 || u >= 65534) {
		errno = EINVAL;
		refuser("TP_IPC_UID");
	}
	return (uid_t)u;
}

uid_t uid_des_programmes(void)
{
	uid_t u = uid_du_bac();

	return u != 0 ? u : getuid();
}

/* Le journal de valgrind, ouvert par root et passé par descripteur (--log-fd). */
static void journal_valgrind_par_fd(char *const argv[])
{
	static char option[32];

	for (int i = 0; argv[i] != NULL; i++) {
		if (strncmp(argv[i], "--log-file=", 11) == 0) {
			int fd = open(argv[i] + 11, O_WRONLY | O_CREAT | O_TRUNC, 0600);

			if (fd == -1)
				refuser("journal de valgrind");
			snprintf(option, sizeof option, "--log-fd=%d", fd);
			((char **)argv)[i] = option;
			return;
		}
	}
}

/*
 * Les objets IPC que le correcteur (root) a créés pour l'item (il joue parfois le serveur) :
 * donnés à l'uid de l'étudiant, qui doit pouvoir s'en servir avec leurs droits 0600.
 */
static void donner_objets(uid_t u)
{
	struct objet_ipc t[256];
	size_t n = lister_objets(t, 256);

	for (size_t i = 0; i < n; i++) {
		if (t[i].genre == FILE_MSG) {
			struct msqid_ds d;

			if (msgctl(t[i].id, IPC_STAT, &d) == 0 && d.msg_perm.uid == 0) {
				d.msg_perm.uid = u;
				d.msg_perm.gid = u;
				msgctl(t[i].id, IPC_SET, &d);
			}
		} else if (t[i].genre == SEGMENT) {
			struct shmid_ds d;

			if (shmctl(t[i].id, IPC_STAT, &d) == 0 && d.shm_perm.uid == 0) {
				d.shm_perm.uid = u;
				d.shm_perm.gid = u;
				shmctl(t[i].id, IPC_SET, &d);
			}
		} else {
			struct semid_ds d;
			union semun_bac arg = {.buf = &d};

			if (semctl(t[i].id, 0, IPC_STAT, arg) == 0 && d.sem_perm.uid == 0) {
				d.sem_perm.uid = u;
				d.sem_perm.gid = u;
				semctl(t[i].id, 0, IPC_SET, arg);
			}
		}
	}
}

/*
 * TP_IPC_GROUPE_ETUDIANT (make classe, root) : les groupes de contrôle des programmes notés,
 * séparés par « : ». Le fils s'y place avant de quitter root : leur pids.max borne une bombe de
 * fork sans jamais refuser un fork au correcteur, resté dans le groupe voisin.
 */
static void rejoindre_groupe_etudiant(void)
{
	const char *v = getenv("TP_IPC_GROUPE_ETUDIANT");
	char chemin[4096];

	while (v != NULL && *v != '\0') {
		size_t lg = strcspn(v, ":");
		int fd;

		snprintf(chemin, sizeof chemin, "%.*s/cgroup.procs", (int)lg, v);
		fd = open(chemin, O_WRONLY | O_CLOEXEC);
		if (fd == -1 || write(fd, "0", 1) != 1)
			refuser(chemin);
		close(fd);
		v += lg + (v[lg] == ':');
	}
}

/* Pas de réseau : socket() rend EACCES pour toute famille sauf AF_UNIX (x86-64 seulement). */
static void sans_reseau(void)
{
#ifdef __x86_64__
	struct sock_filter f[] = {
	    /* Une autre ABI (int 0x80, x32) passerait à côté du numéro de socket : refusée. */
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 5, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};

	prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#endif
}

/*
 * En repli sous notre uid (pas d'espace PID, pas d'uid noté), kill(-1) et kill d'un groupe (pid
 * négatif) tueraient le correcteur, make et le terminal de qui corrige : le programme qui les
 * appelle est arrêté (SIGSYS), comme il tuerait ailleurs ses propres processus (x86-64).
 */
static void sans_kill_de_masse(void)
{
#ifdef __x86_64__
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kill, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    /* pid_t sur 32 bits : le bit de signe du mot bas de l'argument dit un pid négatif. */
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
	    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x80000000, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		refuser("filtre seccomp du mode de repli");
#endif
}

/* Les limites de l'espace de noms IPC de l'item (kernel.shm*, msgmni, sem), pas de la machine. */
static void limites_ipc(void)
{
	static const char *const reglages_ipc[][2] = {
	    {"/proc/sys/kernel/shmmax", "67108864"},
	    {"/proc/sys/kernel/shmall", "16384"},
	    {"/proc/sys/kernel/shmmni", "128"},
	    {"/proc/sys/kernel/msgmni", "128"},
	    {"/proc/sys/kernel/sem", "32000 4096000 500 128"}};

	if (!bac.espaces_de_noms)
		return;
	for (size_t i = 0; i < sizeof reglages_ipc / sizeof reglages_ipc[0]; i++) {
		int fd = open(reglages_ipc[i][0], O_WRONLY);

		if (fd == -1)
			continue;
		if (write(fd, reglages_ipc[i][1], strlen(reglages_ipc[i][1])) < 0) {
			/* refusé (espace de noms d'un utilisateur sans privilège) : limites de la machine */
		}
		close(fd);
	}
}

void bac_identite_item(void)
{
	uid_t u = uid_du_bac();

	if (u == 0)
		return;
	/* ftok fait stat sur le fichier clé ; valgrind lit ses suppressions. */
	chmod(dossier_test(), 0711);
	if (reglages.dossier_rapport)
		chmod(reglages.dossier_rapport, 0711);
	if (setresgid(0, u, 0) == -1 || setresuid(0, u, 0) == -1)
		echec("banc : changement d'uid effectif : %s", strerror(errno));
	setfsuid(0);
	setfsgid(0);
	/* L'uid effectif non nul a vidé les capacités effectives ; les permises restent (uid réel
	 * 0) : le correcteur les reprend (lire /proc/PID/syscall, CAP_IPC_OWNER...). */
	{
		struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct d[2];

		if (syscall(SYS_capget, &h, d) == 0) {
			d[0].effective = d[0].permitted;
			d[1].effective = d[1].permitted;
			syscall(SYS_capset, &h, d);
		}
	}
}

void bac_executer(char *const argv[], bool reference, int canal)
{
	uid_t u = uid_du_bac();
	pid_t item = getppid();
	int fd = -1;
	sigset_t vide;

	/* Dispositions par défaut : un SIGXFSZ ignoré par un ancêtre (python le fait, et
	 * Gradescope est en python) laisserait une inondation tourner sans fin. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&vide);
	sigprocmask(SIG_SETMASK, &vide, NULL);
	if (setsid() == -1)
		refuser("setsid");
	if (u != 0) {
		/* Les privilèges de root, pour les quitter tout à fait (uid réel et sauvé : 0). */
		if (seteuid(0) == -1 || setegid(0) == -1)
			refuser("retour à root");
		limites_ipc();
		donner_objets(u);
		rejoindre_groupe_etudiant();
		if (reference) {
			fd = open(argv[0], O_RDONLY | O_CLOEXEC);
			if (fd == -1)
				refuser(argv[0]);
		} else {
			journal_valgrind_par_fd(argv);
		}
		{
			const char *const garder[] = {bac.dossier, reglages.dossier_rapport,
			                              reglages.dossier_etudiant,
			                              getenv("TP_IPC_TMPDIR_ETUDIANT")};
			const bool ecriture[] = {true, false, false, true};

			vue_minimale(garder, ecriture, 4); /* vue.c */
		}
		if (setgroups(0, NULL) == -1 || setresgid(u, u, u) == -1 ||
		    setresuid(u, u, u) == -1)
			refuser("changement d'uid");
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		sans_reseau();
		/* Le dossier temporaire du correcteur lui est fermé : valgrind a le sien. */
		if (getenv("TP_IPC_TMPDIR_ETUDIANT"))
			setenv("TMPDIR", getenv("TP_IPC_TMPDIR_ETUDIANT"), 1);
	}
	if (u == 0)
		limites_ipc();
	if (u == 0 && !bac.espaces_de_noms)
		sans_kill_de_masse();
	/* Tué avec le processus de l'item, même tué lui-même (Ctrl-C de make grade, délai de
	 * Check) : sans espace PID, rien d'autre ne le ferait. Posé après le changement d'uid,
	 * qui l'efface. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != item)
		_exit(126);
	/* Le traçage en dernier : les appels IPC du bac (donner_objets) ne sont pas ceux du programme. */
	trace_enfant(canal);
	if (fd != -1)
		execveat(fd, "", argv, environ, AT_EMPTY_PATH);
	else
		execvp(argv[0], argv);
}
