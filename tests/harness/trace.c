/*
 * trace.c : les appels IPC System V des programmes lancés, vus de l'intérieur, et leur retenue.
 *
 * Le fils, avant exec, attend d'être suivi (PTRACE_SEIZE par le processus de l'item, son parent
 * réel, aussi dans l'espace PID), puis pose un filtre seccomp qui ne renvoie SECCOMP_RET_TRACE
 * que pour les douze appels IPC : tout le reste tourne à pleine vitesse. À chaque appel IPC, le
 * noyau l'arrête deux fois (entrée, puis retour par PTRACE_SYSCALL) : on y lit les arguments
 * (PTRACE_GET_SYSCALL_INFO, process_vm_readv), le résultat, et on peut l'y laisser (retenue).
 * Les fils des programmes sont suivis d'office (PTRACE_O_TRACEFORK/VFORK/CLONE), et tous meurent
 * avec le processus de l'item (PTRACE_O_EXITKILL). Sous memcheck, valgrind exécute lui-même les
 * appels du programme avec les mêmes arguments : le filtre hérité les voit de la même façon.
 * x86-64 seulement : un appel d'une autre architecture (int 0x80, x32) n'est pas tracé.
 */
#define _GNU_SOURCE
#include "interne.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_APPELS      65536
#define SEMOP_DETAILLES 64 /* semop d'une tâche suivis jusqu'au retour ; au-delà, entrée seule */
#define MAX_TACHES      256
#define MAX_RETENUES    16
#define LIGNES_PAR_PID  20   /* lignes de trace par processus dans un retour */
#define TRACE_RETOUR    2048 /* octets de trace au plus dans un retour */
#define IPC_64_BIT      0x100

#define OPTIONS_PTRACE                                                                             \
	(PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |  \
	 PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE)

/* Une tâche suivie : un programme lancé, ou un de ses descendants. */
struct tache {
	pid_t pid, nspid;
	struct proc *racine; /* le processus lancé dont elle descend */
	long appel;          /* indice de l'appel en cours dans appels[], -1 sinon */
	int retenue;         /* indice de la retenue qui la tient, -1 sinon */
	bool arrete;         /* arrêt de groupe (SIGSTOP), laissé tel quel (PTRACE_LISTEN) */
	bool vu;           /* son premier arrêt (celui d'une tâche suivie d'office) est passé */
	int stat_valgrind; /* segment d'un shmat revenu sous memcheck (voir valgrind_interne) */
	unsigned semops;   /* semop passés (au-delà de SEMOP_DETAILLES, sans leur retour) */
	bool fini;
	int signal_rejeu; /* relacher_signal_avant : signal à remettre avant de rejouer l'appel */
	struct user_regs_struct regs_rejeu; /* ses registres à l'entrée de l'appel */
};

enum etat_retenue { ARMEE, ATTEINTE, RELACHEE };

struct retenue_banc {
	struct proc *p;
	struct motif m;
	int vus; /* appels correspondants déjà passés */
	enum etat_retenue etat;
	struct tache *t; /* tâche retenue (ATTEINTE) */
	long appel;
};

static struct appel_ipc appels[MAX_APPELS];
static size_t nb_appels, appels_perdus;
static struct tache taches[MAX_TACHES];
static size_t nb_taches;
static struct retenue_banc retenues[MAX_RETENUES];
static size_t nb_retenues;
static char refus[200];        /* dernière raison de refus du traçage, "" sinon */
static enum trace_choix choix; /* quels lancements tracer (tracer_lancements) */

/* ---- Côté enfant ---- */

/* Le i-ème des douze tests (instruction 3 + i) saute au RET_TRACE final (instruction 16). */
#define TRACER_NR(nr, i) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 12 - (i), 0)

/* Le filtre : SECCOMP_RET_TRACE pour les douze appels IPC en x86-64, le reste passe. */
static int poser_filtre(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 13), /* sinon : RET_ALLOW */
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    TRACER_NR(SYS_msgget, 0),
	    TRACER_NR(SYS_msgsnd, 1),
	    TRACER_NR(SYS_msgrcv, 2),
	    TRACER_NR(SYS_msgctl, 3),
	    TRACER_NR(SYS_shmget, 4),
	    TRACER_NR(SYS_shmat, 5),
	    TRACER_NR(SYS_shmdt, 6),
	    TRACER_NR(SYS_shmctl, 7),
	    TRACER_NR(SYS_semget, 8),
	    TRACER_NR(SYS_semop, 9),
	    TRACER_NR(SYS_semtimedop, 10),
	    TRACER_NR(SYS_semctl, 11),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	};
	struct sock_fprog prog = {(unsigned short)NB_ELEMENTS(f), f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

void trace_enfant(int canal)
{
	char c;

	if (canal < 0)
		return;
	/* 'g' : le parent nous suit ; sans lui, SECCOMP_RET_TRACE ferait échouer l'appel (ENOSYS). */
	if (read(canal, &c, 1) != 1)
		_exit(126);
	if (c == 'g')
		c = poser_filtre() == 0 ? 'o' : 'e';
	if (write(canal, &c, 1) != 1)
		_exit(126);
	close(canal);
}

/* ---- Côté banc : réglages et réveil ---- */

static bool trace_coupee(void)
{
	const char *t = getenv("TP_IPC_TRACE");

	return t != NULL && strcmp(t, "0") == 0;
}

void trace_ouvrir(void)
{
	nb_appels = appels_perdus = nb_taches = nb_retenues = 0;
	choix = NE_PAS_TRACER;
	refus[0] = '\0';
}

/* ---- Lancement ---- */

void tracer_lancements(enum trace_choix c)
{
	choix = c;
}

struct canal_trace trace_preparer(const struct lancement *l)
{
	struct canal_trace c = {false, -1, -1};
	int sv[2];

	c.voulu = !trace_coupee() &&
	          (choix == TRACER_TOUS || (choix == TRACER_SI_ETUDIANT && l->origine == ETUDIANT));
	if (!c.voulu)
		return c;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(refus, sizeof refus, "socketpair : %s", strerror(errno));
		return c;
	}
	c.parent = sv[0];
	c.enfant = sv[1]; /* fermé à l'exec */
	return c;
}

static struct tache *nouvelle_tache(pid_t pid, struct proc *racine)
{
	struct tache *t;

	if (nb_taches == MAX_TACHES)
		return NULL;
	t = &taches[nb_taches++];
	*t = (struct tache){.pid = pid,
	                    .nspid = pid,
	                    .racine = racine,
	                    .appel = -1,
	                    .retenue = -1,
	                    .stat_valgrind = -1};
	return t;
}

void trace_attacher(struct proc *p, struct canal_trace canal)
{
	int parent = canal.parent;
	char c = 'n';

	p->trace_voulue = canal.voulu;
	if (parent < 0)
		return;
	close(canal.enfant);
	if (ptrace(PTRACE_SEIZE, p->pid, 0, OPTIONS_PTRACE) == 0)
		c = 'g';
	else
		snprintf(refus, sizeof refus, "ptrace : %s", strerror(errno));
	if (write(parent, &c, 1) == 1 && c == 'g') {
		if (read(parent, &c, 1) == 1 && c == 'o') {
			struct tache *t = nouvelle_tache(p->pid, p);

			p->trace = t != NULL;
			if (t != NULL) {
				t->vu = true;
				t->nspid = p->nspid;
			}
		} else {
			snprintf(refus, sizeof refus, "seccomp refusé dans le programme lancé");
		}
	}
	close(parent);
}

/* ---- Les arrêts ---- */

static struct tache *chercher_tache(pid_t pid)
{
	for (size_t i = 0; i < nb_taches; i++)
		if (taches[i].pid == pid && !taches[i].fini)
			return &taches[i];
	return NULL;
}

/* Une tâche suivie d'office dont l'arrêt précède l'événement fork du parent : son parent
 * (ou son groupe de threads) est déjà connu. */
static struct tache *adopter(pid_t pid)
{
	struct tache *parent = chercher_tache(champ_status(pid, "Tgid:", false));
	struct tache *t;

	if (parent == NULL || parent->pid == pid)
		parent = chercher_tache(champ_status(pid, "PPid:", false));
	t = nouvelle_tache(pid, parent ? parent->racine : NULL);
	if (t != NULL)
		t->nspid = lire_nspid(pid);
	return t;
}

static size_t lire_memoire(pid_t pid, unsigned long adresse, void *dest, size_t n)
{
	struct iovec local = {dest, n}, distant = {(void *)adresse, n};
	ssize_t r;

	if (adresse == 0 || n == 0)
		return 0;
	r = process_vm_readv(pid, &local, 1, &distant, 1, 0);
	return r > 0 ? (size_t)r : 0;
}

static int commande(const struct appel_ipc *a)
{
	return (int)(a->arg[a->nr == SYS_semctl ? 2 : 1] & ~(unsigned long)IPC_64_BIT);
}

/* Nombre de sémaphores de l'ensemble (même espace IPC que le correcteur), borné. */
static size_t taille_ensemble(int id)
{
	struct semid_ds ds;
	union semun {
		int val;
		struct semid_ds *buf;
	} u = {.buf = &ds};

	if (semctl(id, 0, IPC_STAT, u) == -1)
		return 0;
	return ds.sem_nsems < TRACE_MAX_SEMS ? ds.sem_nsems : TRACE_MAX_SEMS;
}

/* Arguments lus à l'entrée : message envoyé, tableau sembuf, valeur semun. */
static void decoder_entree(pid_t pid, struct appel_ipc *a)
{
	switch (a->nr) {
	case SYS_msgsnd: {
		size_t n = a->arg[2] < TRACE_MAX_OCTETS ? a->arg[2] : TRACE_MAX_OCTETS;

		if (lire_memoire(pid, a->arg[1], &a->mtype, sizeof a->mtype) == sizeof a->mtype)
			a->nb_octets = lire_memoire(pid, a->arg[1] + sizeof(long), a->octets, n);
		break;
	}
	case SYS_semop:
	case SYS_semtimedop: {
		size_t n = a->arg[2] < TRACE_MAX_SOPS ? a->arg[2] : TRACE_MAX_SOPS;

		a->nb_sops = a->arg[2];
		a->sops_lus = lire_memoire(pid, a->arg[1], a->sops, n * sizeof a->sops[0]) /
		              sizeof a->sops[0];
		break;
	}
	case SYS_semctl:
		a->cmd = commande(a);
		if (a->cmd == SETVAL)
			a->semun_val = (int)a->arg[3];
		else if (a->cmd == SETALL)
			a->nb_valeurs =
			    lire_memoire(pid, a->arg[3], a->valeurs,
			                 taille_ensemble((int)a->arg[0]) * sizeof a->valeurs[0]) /
			    sizeof a->valeurs[0];
		break;
	case SYS_msgctl:
	case SYS_shmctl:
		a->cmd = commande(a);
		break;
	default:
		break;
	}
}

/* Résultats lus au retour : message reçu, tableau GETALL. */
static void decoder_sortie(pid_t pid, struct appel_ipc *a)
{
	if (a->retour < 0)
		return;
	if (a->nr == SYS_msgrcv) {
		size_t n =
		    (size_t)a->retour < TRACE_MAX_OCTETS ? (size_t)a->retour : TRACE_MAX_OCTETS;

		if (lire_memoire(pid, a->arg[1], &a->mtype, sizeof a->mtype) == sizeof a->mtype)
			a->nb_octets = lire_memoire(pid, a->arg[1] + sizeof(long), a->octets, n);
	} else if (a->nr == SYS_semctl && a->cmd == GETALL) {
		a->nb_valeurs =
		    lire_memoire(pid, a->arg[3], a->valeurs,
		                 taille_ensemble((int)a->arg[0]) * sizeof a->valeurs[0]) /
		    sizeof a->valeurs[0];
	}
}

static bool a_sem_op(const struct appel_ipc *a, int signe)
{
	for (size_t i = 0; i < a->sops_lus; i++)
		if ((signe > 0 && a->sops[i].sem_op > 0) || (signe < 0 && a->sops[i].sem_op < 0))
			return true;
	return false;
}

static bool correspond(const struct motif *m, const struct appel_ipc *a)
{
	if (m->appel != 0 && a->nr != m->appel &&
	    !(m->appel == SYS_semop && a->nr == SYS_semtimedop))
		return false;
	if (m->sem_op_positif && !a_sem_op(a, 1))
		return false;
	if (m->sem_op_negatif && !a_sem_op(a, -1))
		return false;
	if (m->initialise && !(a->nr == SYS_semctl && (a->cmd == SETVAL || a->cmd == SETALL)))
		return false;
	return true;
}

/* La tâche atteint-elle une retenue armée ? Si oui, elle reste arrêtée là. */
static bool retenir_ici(struct tache *t, long i, bool apres)
{
	for (size_t k = 0; k < nb_retenues; k++) {
		struct retenue_banc *r = &retenues[k];
		int rang = r->m.rang > 0 ? r->m.rang : 1;

		if (r->etat != ARMEE || r->p != t->racine || r->m.apres != apres ||
		    !correspond(&r->m, &appels[i]))
			continue;
		if (++r->vus == rang) {
			r->etat = ATTEINTE;
			r->t = t;
			r->appel = i;
			t->retenue = (int)k;
			return true;
		}
	}
	return false;
}

/* Retire l'appel i du journal (les indices qui le suivent reculent d'un cran). */
static void retirer_appel(size_t i)
{
	memmove(&appels[i], &appels[i + 1], (nb_appels - i - 1) * sizeof appels[0]);
	nb_appels--;
	for (size_t k = 0; k < nb_taches; k++)
		if (taches[k].appel > (long)i)
			taches[k].appel--;
	for (size_t k = 0; k < nb_retenues; k++)
		if (retenues[k].appel == (long)i)
			retenues[k].appel = -1;
		else if (retenues[k].appel > (long)i)
			retenues[k].appel--;
}

/*
 * Sous memcheck, valgrind fait lui-même shmctl(IPC_STAT) juste avant et juste après le shmat
 * du programme (pour connaître la taille du segment) : ces deux appels ne sont pas du programme.
 * Vrai si l'appel a (pas encore enregistré) est celui d'après ; retire celui d'avant.
 */
static bool valgrind_interne(struct tache *t, const struct appel_ipc *a)
{
	int apres = t->stat_valgrind;

	t->stat_valgrind = -1;
	if (!t->racine->valgrind)
		return false;
	if (a->nr == SYS_shmctl && a->cmd == IPC_STAT && (int)a->arg[0] == apres)
		return true;
	if (a->nr == SYS_shmat)
		for (size_t i = nb_appels; i-- > 0;)
			if (appels[i].pid == t->nspid && appels[i].proc == t->racine) {
				if (appels[i].nr == SYS_shmctl && appels[i].cmd == IPC_STAT &&
				    appels[i].arg[0] == a->arg[0])
					retirer_appel(i);
				break;
			}
	return false;
}

/*
 * Deux arrêts par appel coûtent cher dans une boucle de semop (20 000 P et V pour un écrivain de
 * 02-tableau) : au-delà des SEMOP_DETAILLES premiers, un semop n'est suivi qu'à l'entrée
 * (arguments, sem_flg), sauf si une retenue « après » attend encore ce processus.
 */
static bool sans_retour(struct tache *t, const struct appel_ipc *a)
{
	if (a->nr != SYS_semop && a->nr != SYS_semtimedop)
		return false;
	if (++t->semops <= SEMOP_DETAILLES)
		return false;
	for (size_t k = 0; k < nb_retenues; k++)
		if (retenues[k].etat == ARMEE && retenues[k].p == t->racine && retenues[k].m.apres)
			return false;
	return true;
}

static void entree(struct tache *t)
{
	struct __ptrace_syscall_info info;
	struct appel_ipc nouveau, *a;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, sizeof info, &info) <= 0 ||
	    info.op != PTRACE_SYSCALL_INFO_SECCOMP || t->racine == NULL) {
		ptrace(PTRACE_CONT, t->pid, 0, 0);
		return;
	}
	if (nb_appels == MAX_APPELS) {
		appels_perdus++;
		ptrace(PTRACE_CONT, t->pid, 0, 0);
		return;
	}
	a = &nouveau;
	*a = (struct appel_ipc){.nr = (long)info.seccomp.nr, .pid = t->nspid, .proc = t->racine};
	for (int k = 0; k < 6; k++)
		a->arg[k] = (unsigned long)info.seccomp.args[k];
	decoder_entree(t->pid, a);
	if (valgrind_interne(t, a)) {
		ptrace(PTRACE_CONT, t->pid, 0, 0);
		return;
	}
	appels[nb_appels] = nouveau; /* après valgrind_interne, qui a pu retirer le précédent */
	t->appel = (long)nb_appels++;
	if (retenir_ici(t, t->appel, false))
		return;
	if (sans_retour(t, &appels[t->appel])) {
		appels[t->appel].retour_ignore = true;
		t->appel = -1;
		ptrace(PTRACE_CONT, t->pid, 0, 0);
		return;
	}
	ptrace(PTRACE_SYSCALL, t->pid, 0, 0);
}

/*
 * Retour du getpid mis à la place de l'appel (relacher_signal_avant) : les registres d'entrée
 * reviennent, l'instruction syscall (2 octets) sera réexécutée, et le signal est en attente.
 * Le noyau le remet en revenant en mode utilisateur : le gestionnaire tourne avant que l'appel,
 * de nouveau intercepté (et noté), ne commence. L'entrée escamotée est retirée du journal.
 */
static void rejouer(struct tache *t, long i)
{
	struct user_regs_struct regs = t->regs_rejeu;
	int sig = t->signal_rejeu;

	t->signal_rejeu = 0;
	t->appel = -1;
	regs.rax = regs.orig_rax;
	regs.rip -= 2;
	ptrace(PTRACE_SETREGS, t->pid, 0, &regs);
	retirer_appel((size_t)i);
	kill(t->pid, sig);
	ptrace(PTRACE_CONT, t->pid, 0, 0);
}

static void sortie_appel(struct tache *t)
{
	struct __ptrace_syscall_info info;
	struct appel_ipc *a;
	long i = t->appel;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, sizeof info, &info) <= 0 ||
	    info.op != PTRACE_SYSCALL_INFO_EXIT || i < 0) {
		/* Pas le retour attendu (arrêt d'entrée) : on continue jusqu'au retour. */
		ptrace(i < 0 ? PTRACE_CONT : PTRACE_SYSCALL, t->pid, 0, 0);
		return;
	}
	if (t->signal_rejeu != 0) {
		rejouer(t, i);
		return;
	}
	a = &appels[i];
	a->revenu = true;
	a->retour = info.exit.is_error ? -1 : (long)info.exit.rval;
	a->err = info.exit.is_error ? (int)-info.exit.rval : 0;
	decoder_sortie(t->pid, a);
	if (a->nr == SYS_shmat && a->retour != -1)
		t->stat_valgrind = (int)a->arg[0];
	t->appel = -1;
	if (!retenir_ici(t, i, true))
		ptrace(PTRACE_CONT, t->pid, 0, 0);
}

static bool signal_d_arret(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void traiter(struct tache *t, int statut)
{
	pid_t pid = t->pid;
	int sig = WSTOPSIG(statut), evenement = statut >> 16;

	switch (evenement) {
	case PTRACE_EVENT_SECCOMP:
		entree(t);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE: {
		unsigned long nouveau = 0;

		if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &nouveau) == 0 &&
		    chercher_tache((pid_t)nouveau) == NULL) {
			struct tache *f = nouvelle_tache((pid_t)nouveau, t->racine);

			if (f != NULL)
				f->nspid = lire_nspid((pid_t)nouveau);
		}
		ptrace(PTRACE_CONT, pid, 0, 0);
		return;
	}
	case PTRACE_EVENT_STOP:
		if (!t->vu) { /* premier arrêt d'une tâche suivie d'office */
			t->vu = true;
			ptrace(PTRACE_CONT, pid, 0, 0);
		} else if (signal_d_arret(sig)) { /* arrêt de groupe : il reste arrêté */
			t->arrete = true;
			ptrace(PTRACE_LISTEN, pid, 0, 0);
		} else {
			t->arrete = false;
			ptrace(PTRACE_CONT, pid, 0, 0);
		}
		return;
	default:
		break;
	}
	if (sig == (SIGTRAP | 0x80)) {
		sortie_appel(t);
		return;
	}
	/* Remise d'un signal : on le remet tel quel. */
	if (sig == SIGCONT)
		t->arrete = false;
	ptrace(PTRACE_CONT, pid, 0, sig);
}

bool trace_arret(pid_t pid, int statut)
{
	struct tache *t = chercher_tache(pid);
	bool arrete;

	if (t == NULL)
		t = adopter(pid);
	if (t == NULL) { /* table pleine : on le laisse filer */
		ptrace(PTRACE_CONT, pid, 0, 0);
		return false;
	}
	arrete = t->arrete;
	traiter(t, statut);
	return t->retenue >= 0 || t->arrete != arrete;
}

void trace_fin(pid_t pid)
{
	struct tache *t = chercher_tache(pid);

	if (t != NULL) {
		t->fini = true;
		if (t->retenue >= 0 && retenues[t->retenue].etat == ATTEINTE)
			retenues[t->retenue].etat = RELACHEE;
	}
}

bool trace_immobile(pid_t pid)
{
	struct tache *t = chercher_tache(pid);

	return t != NULL && (t->arrete || t->retenue >= 0);
}

bool trace_arrete(pid_t pid)
{
	struct tache *t = chercher_tache(pid);

	return t != NULL && t->arrete;
}

/* ---- Texte ---- */

static const char *nom_appel(long nr)
{
	switch (nr) {
	case SYS_msgget:
		return "msgget";
	case SYS_msgsnd:
		return "msgsnd";
	case SYS_msgrcv:
		return "msgrcv";
	case SYS_msgctl:
		return "msgctl";
	case SYS_shmget:
		return "shmget";
	case SYS_shmat:
		return "shmat";
	case SYS_shmdt:
		return "shmdt";
	case SYS_shmctl:
		return "shmctl";
	case SYS_semget:
		return "semget";
	case SYS_semop:
	case SYS_semtimedop:
		return "semop";
	case SYS_semctl:
		return "semctl";
	default:
		return "?";
	}
}

/* Les drapeaux de chaque sorte d'appel (SEM_UNDO et MSG_NOERROR ont la même valeur). */
enum sorte { GET, MSGSND, MSGRCV, SEMBUF };

/* Drapeaux « A|B|0600 » ; « 0 » s'il n'y en a aucun. */
static void drapeaux(struct texte *t, unsigned long f, enum sorte s)
{
	static const struct {
		unsigned long bit;
		const char *nom;
		unsigned sortes; /* bits 1 << enum sorte */
	} noms[] = {{IPC_CREAT, "IPC_CREAT", 1 << GET},
	            {IPC_EXCL, "IPC_EXCL", 1 << GET},
	            {IPC_NOWAIT, "IPC_NOWAIT", 1 << MSGSND | 1 << MSGRCV | 1 << SEMBUF},
	            {MSG_NOERROR, "MSG_NOERROR", 1 << MSGRCV},
	            {MSG_EXCEPT, "MSG_EXCEPT", 1 << MSGRCV},
	            {SEM_UNDO, "SEM_UNDO", 1 << SEMBUF}};
	bool un = false;

	for (size_t i = 0; i < NB_ELEMENTS(noms); i++)
		if ((f & noms[i].bit) && (noms[i].sortes & 1u << s)) {
			texte_ajouter(t, "%s%s", un ? "|" : "", noms[i].nom);
			un = true;
		}
	if (s == GET && (f & 0777))
		texte_ajouter(t, "%s0%lo", un ? "|" : "", f & 0777);
	else if (!un)
		texte_ajouter(t, "0");
}

static void drapeaux_shmat(struct texte *t, unsigned long f)
{
	texte_ajouter(t, "%s%s%s", f & SHM_RDONLY ? "SHM_RDONLY" : "",
	              (f & SHM_RDONLY) && (f & SHM_RND) ? "|" : "", f & SHM_RND ? "SHM_RND" : "");
	if (!(f & (SHM_RDONLY | SHM_RND)))
		texte_ajouter(t, "0");
}

static void cle_texte(struct texte *t, unsigned long k)
{
	key_t base = cle(0), c = (key_t)k;

	if (c == IPC_PRIVATE)
		texte_ajouter(t, "IPC_PRIVATE");
	else if (base != -1 && ((unsigned)c & 0xffffff) == ((unsigned)base & 0xffffff))
		texte_ajouter(t, "clé ftok(fichier clé, %u)", (unsigned)c >> 24);
	else
		texte_ajouter(t, "clé 0x%08x", (unsigned)c);
}

static const char *nom_commande(long nr, int cmd)
{
	switch (cmd) {
	case IPC_RMID:
		return "IPC_RMID";
	case IPC_SET:
		return "IPC_SET";
	case IPC_STAT:
		return "IPC_STAT";
	case IPC_INFO:
		return "IPC_INFO";
	default:
		break;
	}
	if (nr == SYS_semctl)
		switch (cmd) {
		case GETPID:
			return "GETPID";
		case GETVAL:
			return "GETVAL";
		case GETALL:
			return "GETALL";
		case GETNCNT:
			return "GETNCNT";
		case GETZCNT:
			return "GETZCNT";
		case SETVAL:
			return "SETVAL";
		case SETALL:
			return "SETALL";
		case SEM_STAT:
			return "SEM_STAT";
		case SEM_INFO:
			return "SEM_INFO";
		default:
			return NULL;
		}
	if (nr == SYS_shmctl)
		switch (cmd) {
		case SHM_LOCK:
			return "SHM_LOCK";
		case SHM_UNLOCK:
			return "SHM_UNLOCK";
		case SHM_STAT:
			return "SHM_STAT";
		case SHM_INFO:
			return "SHM_INFO";
		default:
			return NULL;
		}
	if (nr == SYS_msgctl)
		switch (cmd) {
		case MSG_STAT:
			return "MSG_STAT";
		case MSG_INFO:
			return "MSG_INFO";
		default:
			return NULL;
		}
	return NULL;
}

/* Les octets d'un message, entre guillemets, les non imprimables en « . », bornés. */
static void octets_texte(struct texte *t, const struct appel_ipc *a)
{
	size_t n = a->nb_octets < 24 ? a->nb_octets : 24;
	size_t fin = n;

	while (fin > 0 && a->octets[fin - 1] == '\0') /* zéros de fin d'une chaîne */
		fin--;
	texte_ajouter(t, " « ");
	for (size_t i = 0; i < fin; i++)
		texte_ajouter(t, "%c",
		              a->octets[i] >= 0x20 && a->octets[i] < 0x7f ? a->octets[i] : '.');
	texte_ajouter(t, "%s »", a->nb_octets > n || fin < n ? "…" : "");
}

static void valeurs_texte(struct texte *t, const struct appel_ipc *a)
{
	texte_ajouter(t, "[");
	for (size_t i = 0; i < a->nb_valeurs; i++)
		texte_ajouter(t, "%s%u", i ? " " : "", a->valeurs[i]);
	texte_ajouter(t, "]");
}

static void arguments(struct texte *t, const struct appel_ipc *a)
{
	const char *cmd;

	switch (a->nr) {
	case SYS_msgget:
		cle_texte(t, a->arg[0]);
		texte_ajouter(t, ", ");
		drapeaux(t, a->arg[1], GET);
		break;
	case SYS_shmget:
		cle_texte(t, a->arg[0]);
		texte_ajouter(t, ", %lu octets, ", a->arg[1]);
		drapeaux(t, a->arg[2], GET);
		break;
	case SYS_semget:
		cle_texte(t, a->arg[0]);
		texte_ajouter(t, ", %lu sémaphore%s, ", a->arg[1], a->arg[1] > 1 ? "s" : "");
		drapeaux(t, a->arg[2], GET);
		break;
	case SYS_msgsnd:
		texte_ajouter(t, "file %d, type %ld, %lu octets", (int)a->arg[0], a->mtype,
		              a->arg[2]);
		octets_texte(t, a);
		texte_ajouter(t, ", ");
		drapeaux(t, a->arg[3], MSGSND);
		break;
	case SYS_msgrcv:
		texte_ajouter(t, "file %d, %lu octets, type %ld, ", (int)a->arg[0], a->arg[2],
		              (long)a->arg[3]);
		drapeaux(t, a->arg[4], MSGRCV);
		break;
	case SYS_shmat:
		/* Sous memcheck, l'adresse est celle que valgrind choisit : elle ne dit rien. */
		texte_ajouter(t, "segment %d, %s", (int)a->arg[0],
		              a->arg[1] && !a->proc->valgrind ? "adresse imposée, " : "");
		drapeaux_shmat(t, a->arg[2]);
		break;
	case SYS_shmdt:
		texte_ajouter(t, "adresse");
		break;
	case SYS_semop:
	case SYS_semtimedop:
		texte_ajouter(t, "ensemble %d, [", (int)a->arg[0]);
		for (size_t i = 0; i < a->sops_lus; i++) {
			texte_ajouter(t, "%s%u %+d ", i ? ", " : "", a->sops[i].sem_num,
			              a->sops[i].sem_op);
			drapeaux(t, (unsigned short)a->sops[i].sem_flg, SEMBUF);
		}
		texte_ajouter(t, "%s]", a->nb_sops > a->sops_lus ? ", …" : "");
		if (a->nr == SYS_semtimedop && a->arg[3] != 0)
			texte_ajouter(t, ", avec délai");
		break;
	case SYS_msgctl:
	case SYS_shmctl:
	case SYS_semctl:
		cmd = nom_commande(a->nr, a->cmd);
		texte_ajouter(t, "%s %d, ",
		              a->nr == SYS_msgctl   ? "file"
		              : a->nr == SYS_shmctl ? "segment"
		                                    : "ensemble",
		              (int)a->arg[0]);
		if (a->nr == SYS_semctl)
			texte_ajouter(t, "%d, ", (int)a->arg[1]);
		if (cmd)
			texte_ajouter(t, "%s", cmd);
		else
			texte_ajouter(t, "commande %d", a->cmd);
		if (a->nr == SYS_semctl && a->cmd == SETVAL)
			texte_ajouter(t, ", %d", a->semun_val);
		if (a->nr == SYS_semctl && a->cmd == SETALL) {
			texte_ajouter(t, ", ");
			valeurs_texte(t, a);
		}
		break;
	default:
		texte_ajouter(t, "…");
	}
}

static void resultat(struct texte *t, const struct appel_ipc *a)
{
	if (a->retour_ignore) {
		texte_ajouter(t, " (retour non suivi)");
		return;
	}
	if (!a->revenu) {
		texte_ajouter(t, " … pas revenu");
		return;
	}
	if (a->retour == -1 && a->err >= 512 && a->err <= 516) {
		/* Relancé par le noyau (la ligne suivante est le même appel), ou EINTR si un
		 * gestionnaire du signal le demande : on ne le sait qu'après. */
		texte_ajouter(t, " → interrompu par un signal");
		return;
	}
	if (a->retour == -1) {
		texte_ajouter(t, " → erreur %s",
		              strerrorname_np(a->err) ? strerrorname_np(a->err) : "?");
		return;
	}
	switch (a->nr) {
	case SYS_msgget:
		texte_ajouter(t, " → file %ld", a->retour);
		break;
	case SYS_shmget:
		texte_ajouter(t, " → segment %ld", a->retour);
		break;
	case SYS_semget:
		texte_ajouter(t, " → ensemble %ld", a->retour);
		break;
	case SYS_msgrcv:
		texte_ajouter(t, " → %ld octets, type %ld", a->retour, a->mtype);
		octets_texte(t, a);
		break;
	case SYS_shmat:
		texte_ajouter(t, " → attaché");
		break;
	case SYS_semctl:
		if (a->cmd == GETALL) {
			texte_ajouter(t, " → ");
			valeurs_texte(t, a);
		} else {
			texte_ajouter(t, " → %ld", a->retour);
		}
		break;
	default:
		texte_ajouter(t, " → %ld", a->retour);
	}
}

static void ecrire_appel(struct texte *t, const struct appel_ipc *a)
{
	texte_ajouter(t, "%s(", nom_appel(a->nr));
	arguments(t, a);
	texte_ajouter(t, ")");
	resultat(t, a);
}

const char *decrire_appel(const struct appel_ipc *a)
{
	static char tampons[4][512];
	static unsigned tour;
	struct texte t = texte_sur(tampons[tour++ % 4], sizeof tampons[0]);

	ecrire_appel(&t, a);
	return t.buf;
}

/* « client » pour « client (étudiant) ». */
static void nom_court(struct texte *t, const struct proc *p)
{
	const char *fin = strstr(p->nom, " (");

	texte_ajouter(t, "%.*s", fin ? (int)(fin - p->nom) : (int)strlen(p->nom), p->nom);
}

void trace_ecrire(struct texte *dest)
{
	static char buf[TRACE_RETOUR];
	struct texte t = texte_sur(buf, sizeof buf);
	bool titre = false, non_trace = false;

	for (size_t i = 0; i < bac.nb_procs; i++)
		if (bac.procs[i]->etudiant && !bac.procs[i]->trace && bac.procs[i]->trace_voulue)
			non_trace = true;
	if (non_trace)
		texte_ajouter(&t, "  Appels IPC : non tracés (%s).\n",
		              refus[0] ? refus : "traçage refusé");
	for (size_t k = 0; k < nb_taches; k++) {
		const struct tache *ta = &taches[k];
		size_t total = 0, montre = 0;

		if (ta->racine == NULL || !ta->racine->etudiant)
			continue;
		for (size_t i = 0; i < nb_appels; i++)
			total += appels[i].proc == ta->racine && appels[i].pid == ta->nspid;
		if (total == 0)
			continue;
		if (!titre) {
			texte_ajouter(
			    &t,
			    "  Appels IPC des programmes de l'étudiant (les %d derniers de "
			    "chacun) :\n",
			    LIGNES_PAR_PID);
			titre = true;
		}
		if (total > LIGNES_PAR_PID)
			texte_ajouter(&t, "    … %zu appels plus anciens non montrés\n",
			              total - LIGNES_PAR_PID);
		for (size_t i = 0; i < nb_appels; i++) {
			const struct appel_ipc *a = &appels[i];
			size_t avant = t.lg;

			if (a->proc != ta->racine || a->pid != ta->nspid ||
			    montre++ + LIGNES_PAR_PID < total)
				continue;
			texte_ajouter(&t, "    ");
			nom_court(&t, ta->racine);
			texte_ajouter(
			    &t, "%s (pid %d) : ", ta->pid == ta->racine->pid ? "" : ", un fils",
			    (int)ta->nspid);
			ecrire_appel(&t, a);
			texte_ajouter(&t, "\n");
			if (t.tronque) { /* coupé : on retire la ligne entamée */
				texte_revenir(&t, avant);
				if (texte_reste(&t) > 30)
					texte_ajouter(&t, "    … (trace coupée)\n");
				texte_ajouter(dest, "%s", t.buf);
				return;
			}
		}
	}
	if (appels_perdus > 0)
		texte_ajouter(&t, "    … %zu appels non enregistrés (journal plein)\n",
		              appels_perdus);
	texte_ajouter(dest, "%s", t.buf);
}

bool trace_decrire(const struct proc *p, char *buf, size_t taille)
{
	for (size_t k = 0; k < nb_retenues; k++) {
		const struct retenue_banc *r = &retenues[k];

		if (r->etat == ATTEINTE && r->t != NULL && r->t->pid == p->pid) {
			snprintf(buf, taille, "%s (pid %d) est retenu par le correcteur %s %s",
			         p->nom, (int)p->nspid, r->m.apres ? "juste après" : "juste avant",
			         decrire_appel(&appels[r->appel]));
			return true;
		}
	}
	return false;
}

/* ---- Sonde (ligne « Isolation : ») ---- */

const char *trace_sonder(void)
{
	static char texte[300];
	struct lancement l = {.origine = ETUDIANT};
	struct canal_trace canal;
	int statut;
	struct proc p = {.pid = 0};
	bool vu = false;

	if (trace_coupee())
		return "traçage des appels IPC désactivé (TP_IPC_TRACE=0) : les items qui en ont "
		       "besoin sont non vérifiés";
	canal = trace_preparer(&l);
	p.pid = fork();
	if (p.pid == 0) {
		trace_enfant(canal.enfant);
		msgctl(-1, IPC_STAT, NULL);
		_exit(0);
	}
	if (p.pid > 0) {
		nb_taches = 0;
		trace_attacher(&p, canal);
	}
	while (p.pid > 0 && waitpid(p.pid, &statut, __WALL) == p.pid && WIFSTOPPED(statut)) {
		vu = vu || statut >> 16 == PTRACE_EVENT_SECCOMP;
		ptrace(PTRACE_CONT, p.pid, 0, 0);
	}
	nb_taches = 0;
	if (p.trace && vu)
		return "traçage des appels IPC possible (ptrace et seccomp, x86-64) pour les items "
		       "qui le demandent";
	snprintf(texte, sizeof texte,
	         "traçage des appels IPC refusé (%s) : les items qui en ont besoin sont non "
	         "vérifiés",
	         refus[0] ? refus : "aucun arrêt seccomp");
	return texte;
}

/* ---- API des correcteurs ---- */

bool trace_active(const struct proc *p)
{
	return p->trace;
}

void exiger_trace(const struct proc *p)
{
	if (!p->trace)
		echec("Non vérifié : cet item lit les appels IPC de %s, et leur traçage est %s ici "
		      "(%s).",
		      p->nom, trace_coupee() ? "désactivé" : "refusé",
		      trace_coupee() ? "TP_IPC_TRACE=0"
		      : refus[0]     ? refus
		                     : "ptrace ou seccomp");
}

bool trace_ou_dire(const struct proc *p, const char *quoi)
{
	if (p->trace)
		return true;
	etape("%s : non vérifié, traçage des appels %s ici", quoi,
	      trace_coupee() ? "désactivé (TP_IPC_TRACE=0)" : "refusé");
	return false;
}

size_t appels_ipc(const struct proc *p, const struct appel_ipc **t, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nb_appels; i++)
		if (appels[i].proc == p) {
			if (n < max)
				t[n] = &appels[i];
			n++;
		}
	return n;
}

const struct appel_ipc *premier_appel(const struct proc *p, const struct motif *m)
{
	int rang = m->rang > 0 ? m->rang : 1;

	for (size_t i = 0; i < nb_appels; i++)
		if (appels[i].proc == p && correspond(m, &appels[i]) &&
		    (!m->apres || appels[i].revenu) && --rang == 0)
			return &appels[i];
	return NULL;
}

size_t compter_appels(const struct proc *p, const struct motif *m)
{
	size_t n = 0;

	for (size_t i = 0; i < nb_appels; i++)
		n += appels[i].proc == p && correspond(m, &appels[i]) &&
		     (!m->apres || appels[i].revenu);
	return n;
}

const struct appel_ipc *semop_sans_undo(const struct proc *p)
{
	for (size_t i = 0; i < nb_appels; i++) {
		const struct appel_ipc *a = &appels[i];

		if (a->proc != p || (a->nr != SYS_semop && a->nr != SYS_semtimedop))
			continue;
		for (size_t k = 0; k < a->sops_lus; k++)
			if (a->sops[k].sem_op != 0 && !(a->sops[k].sem_flg & SEM_UNDO))
				return a;
	}
	return NULL;
}

/* Crée, modifie, attache ou supprime un objet (ce qu'un programme qui regarde ne fait pas). */
static bool change(const struct appel_ipc *a)
{
	switch (a->nr) {
	case SYS_msgget:
	case SYS_semget:
		return (a->arg[1 + (a->nr == SYS_semget)] & IPC_CREAT) != 0;
	case SYS_shmget:
		return (a->arg[2] & IPC_CREAT) != 0;
	case SYS_msgsnd:
	case SYS_msgrcv:
	case SYS_semop:
	case SYS_semtimedop:
	case SYS_shmat:
		return true;
	case SYS_msgctl:
	case SYS_shmctl:
	case SYS_semctl:
		return a->cmd == IPC_RMID || a->cmd == IPC_SET ||
		       (a->nr == SYS_semctl && (a->cmd == SETVAL || a->cmd == SETALL)) ||
		       (a->nr == SYS_shmctl && (a->cmd == SHM_LOCK || a->cmd == SHM_UNLOCK));
	default:
		return false;
	}
}

const struct appel_ipc *premier_changement(const struct proc *p)
{
	for (size_t i = 0; i < nb_appels; i++)
		if (appels[i].proc == p && change(&appels[i]))
			return &appels[i];
	return NULL;
}

/* ---- Retenues ---- */

struct retenue retenir(struct proc *p, const struct motif *m)
{
	struct retenue_banc *r;
	int rang = m->rang > 0 ? m->rang : 1;
	int passes = 0;

	exiger_trace(p);
	if (nb_retenues == MAX_RETENUES)
		echec("banc : trop de retenues dans un item (%d)", MAX_RETENUES);
	for (size_t i = 0; i < nb_appels; i++)
		passes += appels[i].proc == p && correspond(m, &appels[i]) &&
		          (!m->apres || appels[i].revenu);
	if (passes >= rang)
		echec("banc : la retenue de %s arrive trop tard : l'appel visé est déjà passé "
		      "(retenir() juste après le lancement, avant toute attente)",
		      p->nom);
	r = &retenues[nb_retenues];
	*r = (struct retenue_banc){.p = p, .m = *m, .vus = passes, .etat = ARMEE, .appel = -1};
	return (struct retenue){p, (int)nb_retenues++};
}

static struct retenue_banc *retenue_de(struct retenue r)
{
	if (r.n < 0 || (size_t)r.n >= nb_retenues)
		echec("banc : retenue inconnue");
	return &retenues[r.n];
}

static bool retenu_ou_fini(void *arg)
{
	struct retenue_banc *r = arg;

	return termine(r->p) || r->etat != ARMEE;
}

bool attendre_retenu(struct retenue r, int ms)
{
	struct retenue_banc *rb = retenue_de(r);

	attendre(retenu_ou_fini, rb, ms);
	return rb->etat == ATTEINTE;
}

void exiger_retenu(struct retenue r, const char *attendu)
{
	struct retenue_banc *rb = retenue_de(r);
	char quoi[160];

	if (attendre_retenu(r, delai(DELAI_COURT) * (r.p->valgrind ? 5 : 1)))
		return;
	snprintf(quoi, sizeof quoi, "%s%s%s%s%s",
	         rb->m.appel ? nom_appel(rb->m.appel) : "un appel IPC",
	         rb->m.sem_op_positif ? " avec une opération > 0 (V)" : "",
	         rb->m.sem_op_negatif ? " avec une opération < 0 (P)" : "",
	         rb->m.initialise ? " SETVAL ou SETALL" : "", rb->m.apres ? ", à son retour" : "");
	echec("%s\nObservé : %s n'a pas atteint %s n° %d (%d vu%s) : %s.", attendu, r.p->nom, quoi,
	      rb->m.rang > 0 ? rb->m.rang : 1, rb->vus, rb->vus > 1 ? "s" : "", decrire(r.p));
}

const struct appel_ipc *appel_retenu(struct retenue r)
{
	struct retenue_banc *rb = retenue_de(r);

	return rb->appel >= 0 ? &appels[rb->appel] : NULL;
}

/* Fin de la retenue r ; la tâche à faire repartir (arrêtée là), ou NULL. */
static struct tache *liberer(struct retenue r)
{
	struct retenue_banc *rb = retenue_de(r);
	struct tache *t = rb->t;
	bool atteinte = rb->etat == ATTEINTE;

	rb->etat = RELACHEE; /* pas encore atteinte : désarmée */
	if (!atteinte || t == NULL || t->fini)
		return NULL;
	t->retenue = -1;
	return t;
}

/* liberer() d'une retenue posée avant l'appel (QUOI : la fonction qui le demande). */
static struct tache *liberer_avant(struct retenue r, const char *quoi)
{
	if (retenue_de(r)->m.apres)
		echec("banc : %s() demande une retenue avant l'appel (.apres = false)", quoi);
	return liberer(r);
}

void relacher_signal(struct retenue r, int sig)
{
	struct retenue_banc *rb = retenue_de(r);
	struct tache *t = liberer(r);

	if (t == NULL)
		return;
	if (sig != 0) {
		kill(t->pid, sig);
		etape("signal %s délivré à %s (pid %d) retenu %s %s", sigabbrev_np(sig), r.p->nom,
		      (int)t->nspid, rb->m.apres ? "après" : "avant",
		      nom_appel(appels[rb->appel].nr));
	}
	/* Retenu avant : on veut encore voir le retour ; retenu après : il repart. */
	ptrace(rb->m.apres ? PTRACE_CONT : PTRACE_SYSCALL, t->pid, 0, 0);
}

void relacher(struct retenue r)
{
	relacher_signal(r, 0);
}

void relacher_en_echec(struct retenue r, int err)
{
	struct retenue_banc *rb = retenue_de(r);
	struct tache *t;
	struct user_regs_struct regs;

	t = liberer_avant(r, "relacher_en_echec");
	if (t == NULL)
		return;
	/* Numéro -1 : le noyau saute l'appel et rend la valeur de rax (seccomp(2), SECCOMP_RET_TRACE). */
	if (ptrace(PTRACE_GETREGS, t->pid, 0, &regs) == 0) {
		regs.orig_rax = (unsigned long long)-1;
		regs.rax = (unsigned long long)-(long long)err;
		if (ptrace(PTRACE_SETREGS, t->pid, 0, &regs) == 0)
			etape("%s de %s (pid %d) rendu en échec par le banc : %s",
			      nom_appel(appels[rb->appel].nr), r.p->nom, (int)t->nspid,
			      strerrorname_np(err));
	}
	ptrace(PTRACE_SYSCALL, t->pid, 0, 0);
}

void relacher_signal_avant(struct retenue r, int sig)
{
	struct retenue_banc *rb = retenue_de(r);
	struct tache *t;
	struct user_regs_struct regs;

	t = liberer_avant(r, "relacher_signal_avant");
	if (t == NULL)
		return;
	/* L'appel devient un getpid, sans effet ; à son retour, rejouer() remet le vrai. */
	if (ptrace(PTRACE_GETREGS, t->pid, 0, &regs) == 0) {
		t->regs_rejeu = regs;
		regs.orig_rax = SYS_getpid;
		if (ptrace(PTRACE_SETREGS, t->pid, 0, &regs) == 0) {
			t->signal_rejeu = sig;
			etape("signal %s délivré à %s (pid %d) juste avant son entrée dans %s",
			      sigabbrev_np(sig), r.p->nom, (int)t->nspid,
			      nom_appel(appels[rb->appel].nr));
		}
	}
	ptrace(PTRACE_SYSCALL, t->pid, 0, 0);
}
