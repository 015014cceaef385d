/* proc.c : lancer les programmes à noter, capturer leurs sorties, les attendre, les décrire. */
#define _GNU_SOURCE
#include "interne.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/time.h>
#include <signal.h>
#include <termios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Une sortie plus grosse fait tuer le programme par SIGXFSZ : une inondation reste bornée. */
#define LIMITE_FICHIER (4L * 1024 * 1024)

#define FACTEUR_TRACE 3     /* échéance d'attente de la fin d'un programme tracé */
#define SORTIE_MS     10000 /* de plus, pour un programme déjà dans exit_group à l'échéance */

/* Échéance pour un processus : plus longue sous memcheck (démarrage lent). */
static int delai_proc(const struct proc *p)
{
	return delai(DELAI_COURT) * (p->valgrind && !reglages.valgrind ? 5 : 1);
}

static const char *chemin_programme(enum origine o, const char *prog)
{
	static char chemin[512];

	snprintf(chemin, sizeof chemin, "%s/%s",
	         o == ETUDIANT ? reglages.dossier_etudiant : reglages.dossier_ref, prog);
	return chemin;
}

static struct proc *nouveau_proc(const char *nom)
{
	struct proc *p = calloc(1, sizeof *p);
	int n = (int)bac.nb_procs;

	if (p == NULL || bac.nb_procs == MAX_PROCS)
		echec("banc : trop de processus lancés dans un item (%d)", MAX_PROCS);
	snprintf(p->nom, sizeof p->nom, "%s", nom);
	snprintf(p->chemin_sortie, sizeof p->chemin_sortie, "%s/p%d.out", bac.dossier, n);
	snprintf(p->chemin_erreurs, sizeof p->chemin_erreurs, "%s/p%d.err", bac.dossier, n);
	snprintf(p->chemin_valgrind, sizeof p->chemin_valgrind, "%s/p%d.vg", bac.dossier, n);
	bac.procs[bac.nb_procs++] = p;
	return p;
}

/* fork a échoué : le processus n'existe pas, on le retire avant de conclure. */
static noreturn void echec_fork(struct proc *p)
{
	int e = errno;

	bac.nb_procs--;
	free(p);
	echec("banc : fork : %s", strerror(e));
}

pid_t champ_status(pid_t pid, const char *nom, bool dernier)
{
	char chemin[64], ligne[256];
	size_t n = strlen(nom);
	FILE *f;
	pid_t v = -1;

	snprintf(chemin, sizeof chemin, "/proc/%d/status", (int)pid);
	f = fopen(chemin, "r");
	if (f == NULL)
		return -1;
	while (fgets(ligne, sizeof ligne, f) != NULL)
		if (strncmp(ligne, nom, n) == 0) {
			char *mot = dernier ? strrchr(ligne, '\t') : NULL;

			v = (pid_t)atoi(mot ? mot + 1 : ligne + n);
			break;
		}
	fclose(f);
	return v;
}

pid_t lire_nspid(pid_t pid)
{
	pid_t ns = champ_status(pid, "NSpid:", true);

	return ns > 0 ? ns : pid;
}

static void rediriger(const char *chemin, int fd, int flags)
{
	int f = open(chemin, flags, 0600);

	if (f == -1 || dup2(f, fd) == -1)
		_exit(126);
	close(f);
}

/* Dans le fils : limites, redirections, environnement, puis exec. Ne revient pas. */
static noreturn void executer(struct proc *p, const struct lancement *l, const char *entree,
                              char *const argv[], int canal, int terminal)
{
	struct rlimit lim = {LIMITE_FICHIER, LIMITE_FICHIER};

	setrlimit(RLIMIT_FSIZE, &lim);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	rediriger(entree ? entree : "/dev/null", 0, O_RDONLY);
	if (terminal >= 0) {
		if (dup2(terminal, 1) == -1)
			_exit(126);
	} else {
		rediriger(p->chemin_sortie, 1, O_WRONLY | O_CREAT | O_TRUNC);
	}
	rediriger(p->chemin_erreurs, 2, O_WRONLY | O_CREAT | O_TRUNC);
	/* Le canal du traçage reste ouvert (en 3) jusqu'à trace_enfant(), juste avant exec. */
	if (canal >= 0 && dup2(canal, 3) == 3)
		canal = 3;
	closefrom(canal >= 0 ? 4 : 3);
	for (const char *const *e = l->env; e && *e; e++)
		putenv((char *)*e);
	if (l->uid != 0) {
		/* Ouvert avant de changer d'uid : les dossiers du correcteur peuvent lui être
		 * fermés ; exec ne demande alors que le droit x du programme. */
		int fd = open(argv[0], O_RDONLY | O_CLOEXEC);

		if (fd == -1 || setgroups(0, NULL) == -1 || setgid((gid_t)l->uid) == -1 ||
		    setuid(l->uid) == -1)
			_exit(126);
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* après setuid, qui l'efface (voir bac.c) */
		trace_enfant(canal);
		fexecve(fd, argv, environ);
		fprintf(stderr, "banc : exec %s (uid %u) : %s\n", argv[0], (unsigned)l->uid,
		        strerror(errno));
		_exit(127);
	}
	if (p->valgrind)
		memcheck_alleger();
	bac_executer(argv, l->origine == REFERENCE && !p->valgrind, canal); /* bac.c */
	fprintf(stderr, "banc : exec %s : %s\n", argv[0], strerror(errno));
	_exit(127);
}

bool autre_uid_possible(void)
{
	static int possible = -1;
	pid_t pid;
	int statut;

	if (possible >= 0)
		return possible;
	possible = 0;
	if (geteuid() != 0)
		return false;
	pid = fork();
	if (pid == 0)
		_exit(setgid(65533) == 0 && setuid(65533) == 0 ? 0 : 1);
	if (pid > 0 && waitpid(pid, &statut, 0) == pid && WIFEXITED(statut) &&
	    WEXITSTATUS(statut) == 0)
		possible = 1;
	return possible;
}

/*
 * Ce que p a écrit sur son terminal, recopié dans son fichier de sortie (au-delà de
 * LIMITE_FICHIER, lu et jeté : le programme ne bloque jamais sur un terminal plein). Appelé à
 * chaque pas d'attente et par sortie(). Une lecture du maître qui ne trouve rien fait d'abord
 * passer au maître ce qui est encore en route dans le noyau (n_tty_read) : un programme arrêté
 * ou fini n'a plus rien en chemin après elle.
 */
static void vider_terminal(struct proc *p)
{
	char bloc[4096];
	ssize_t n;
	int fd = -1;

	if (p->maitre <= 0)
		return;
	/* Le fichier n'est ouvert que s'il y a à écrire : ceci tourne à chaque pas d'attente. */
	while ((n = read(p->maitre, bloc, sizeof bloc)) > 0 || (n == -1 && errno == EINTR)) {
		if (n > 0 && fd == -1)
			fd = open(p->chemin_sortie, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (n > 0 && p->recopie < LIMITE_FICHIER && fd >= 0 &&
		    write(fd, bloc, (size_t)n) == n)
			p->recopie += n;
	}
	if (fd >= 0)
		close(fd);
	if (n == -1 && errno == EIO) { /* plus personne ne tient l'esclave */
		close(p->maitre);
		p->maitre = 0;
	}
}

static void vider_terminaux(void)
{
	for (size_t i = 0; i < bac.nb_procs; i++)
		vider_terminal(bac.procs[i]);
}

bool terminal_possible(void)
{
	static int possible = -1;
	char nom[128];
	int m, e = -1;

	if (possible >= 0)
		return possible;
	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	possible = m != -1 && grantpt(m) == 0 && unlockpt(m) == 0 &&
	           ptsname_r(m, nom, sizeof nom) == 0 &&
	           (e = open(nom, O_RDWR | O_NOCTTY | O_CLOEXEC)) != -1;
	if (e != -1)
		close(e);
	if (m != -1)
		close(m);
	return possible;
}

/* Ouvre un pseudo-terminal brut (80 × 24) pour la sortie de p ; rend l'esclave. */
static int ouvrir_terminal(struct proc *p)
{
	struct winsize taille = {.ws_row = 24, .ws_col = 80};
	struct termios t;
	char nom[128];
	int esclave, fd;

	p->maitre = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (p->maitre == -1 || grantpt(p->maitre) == -1 || unlockpt(p->maitre) == -1 ||
	    ptsname_r(p->maitre, nom, sizeof nom) != 0)
		echec("banc : pseudo-terminal refusé ici : %s", strerror(errno));
	esclave = open(nom, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (esclave == -1 || tcgetattr(esclave, &t) == -1)
		echec("banc : ouverture de %s : %s", nom, strerror(errno));
	cfmakeraw(&t); /* ni « \n » changé en « \r\n », ni écho */
	tcsetattr(esclave, TCSANOW, &t);
	ioctl(esclave, TIOCSWINSZ, &taille);
	fd = open(p->chemin_sortie, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || close(fd) == -1)
		echec("banc : création de %s : %s", p->chemin_sortie, strerror(errno));
	return esclave;
}

struct proc *lancer_ex(const struct lancement *l)
{
	const char *chemin = chemin_programme(l->origine, l->prog);
	const char *argv[64];
	char nom[96], commande[1024], entree[300] = "";
	size_t n = 0, lg;
	struct proc *p;
	struct canal_trace canal;
	int terminal = -1;

	if (access(chemin, X_OK) == -1)
		echec("programme introuvable : %s (%s)", chemin, strerror(errno));
	snprintf(nom, sizeof nom, "%s (%s)", l->prog,
	         l->origine == ETUDIANT ? "étudiant" : "référence");
	p = nouveau_proc(nom);
	p->etudiant = l->origine == ETUDIANT;
	p->valgrind = l->uid == 0 && (l->valgrind || (reglages.valgrind && l->origine == ETUDIANT));
	if (p->valgrind) {
		static char journal[300];

		memcheck_preparer();
		snprintf(journal, sizeof journal, "--log-file=%s", p->chemin_valgrind);
		argv[n++] = "valgrind";
		argv[n++] = "--leak-check=full";
		/* Tout bloc non libéré compte, même encore pointé à la sortie (« still
		 * reachable ») : qu'il soit jugé perdu ou non dépend d'un pointeur resté par
		 * hasard dans la pile, et le verdict ne doit pas en dépendre. */
		argv[n++] = "--show-leak-kinds=all";
		argv[n++] = "--errors-for-leak-kinds=all";
		argv[n++] = memcheck_suppressions(); /* sauf le chargeur dynamique */
		argv[n++] = "--error-exitcode=97";
		argv[n++] = "--vgdb=no"; /* pas de tubes vgdb laissés dans TMPDIR si on le tue */
		argv[n++] = journal;
	}
	argv[n++] = chemin;
	for (const char *const *a = l->args; a && *a && n < 62; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	if (l->entree != NULL) {
		FILE *f;

		snprintf(entree, sizeof entree, "%s/p%zu.in", bac.dossier, bac.nb_procs - 1);
		f = fopen(entree, "w");
		if (f == NULL || fputs(l->entree, f) == EOF || fclose(f) == EOF)
			echec("banc : écriture de l'entrée standard : %s", strerror(errno));
	}
	lg = (size_t)snprintf(commande, sizeof commande, "%s./%s", p->valgrind ? "valgrind " : "",
	                      l->prog);
	for (const char *const *a = l->args; a && *a && lg < sizeof commande; a++)
		lg += (size_t)snprintf(commande + lg, sizeof commande - lg, " %s", *a);
	for (const char *const *e = l->env; e && *e && lg < sizeof commande; e++)
		lg += (size_t)snprintf(commande + lg, sizeof commande - lg, "   [%s]", *e);

	if (l->terminal) {
		terminal = ouvrir_terminal(p);
		if (lg < sizeof commande)
			snprintf(commande + lg, sizeof commande - lg, "   (sortie : un terminal)");
	}
	fflush(NULL);
	canal = trace_preparer(l);
	maintenant(&p->debut);
	p->pid = fork();
	if (p->pid == -1)
		echec_fork(p);
	if (p->pid == 0)
		executer(p, l, entree[0] ? entree : NULL, (char *const *)argv, canal.enfant,
		         terminal);
	if (terminal >= 0)
		close(terminal);
	p->nspid = lire_nspid(p->pid);
	trace_attacher(p, canal);
	etape("$ %s   → %s, pid %d", commande, p->nom, (int)p->nspid);
	return p;
}

struct proc *lancer_fonction(const char *nom, void (*f)(void *), void *arg)
{
	struct proc *p = nouveau_proc(nom);

	fflush(NULL);
	maintenant(&p->debut);
	p->pid = fork();
	if (p->pid == -1)
		echec_fork(p);
	if (p->pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		prctl(PR_SET_PDEATHSIG,
		      SIGKILL); /* sans espace PID, l'item mort ne le tuerait pas */
		f(arg);
		_exit(0);
	}
	p->nspid = lire_nspid(p->pid);
	return p;
}

void proc_noter_fin(pid_t pid, int statut, const struct rusage *ru)
{
	for (size_t i = 0; i < bac.nb_procs; i++) {
		struct proc *p = bac.procs[i];

		if (p->pid == pid && !p->fini) {
			p->fini = true;
			p->statut = statut;
			p->ru = *ru;
			maintenant(&p->fin);
		}
	}
}

void proc_liberer_tout(void)
{
	for (size_t i = 0; i < bac.nb_procs; i++) {
		if (bac.procs[i]->maitre > 0)
			close(bac.procs[i]->maitre);
		free(bac.procs[i]->tampon[0]);
		free(bac.procs[i]->tampon[1]);
		free(bac.procs[i]);
	}
	bac.nb_procs = 0;
}

/* Une fin ou un arrêt rendu par wait4 ; vrai s'il compte pour une attente. */
static bool distribuer(pid_t pid, int statut, const struct rusage *ru)
{
	if (WIFSTOPPED(statut))
		return trace_arret(pid, statut);
	trace_fin(pid);
	proc_noter_fin(pid, statut, ru);
	return true;
}

bool proc_recolter(bool bloquer)
{
	for (;;) {
		int statut;
		struct rusage ru;
		/* __WALL : aussi les fils des programmes, suivis par ptrace sans être nos enfants. */
		pid_t pid = wait4(-1, &statut, __WALL | (bloquer ? 0 : WNOHANG), &ru);

		if (pid == 0)
			return true;
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			return false; /* ECHILD */
		}
		distribuer(pid, statut, &ru);
		bloquer = false;
	}
}

static void sur_alarme(int sig)
{
	(void)sig;
}

/*
 * Les arrêts de traçage se traitent ici, un wait4 bloquant chacun : un programme tracé ne passe
 * un appel IPC qu'après son arrêt traité. SIGALRM (minuterie, sans SA_RESTART) interrompt
 * wait4 à l'échéance ; répétée chaque milliseconde, elle couvre l'instant entre deux wait4.
 */
void proc_patienter(long ns)
{
	struct sigaction sa = {.sa_handler = sur_alarme};
	long us = ns / 1000 > 0 ? ns / 1000 : 1;
	struct itimerval it = {{0, us < 1000 ? us : 1000}, {us / 1000000, us % 1000000}},
	                 zero = {0};
	struct timespec debut;

	vider_terminaux();
	if (proc_recolter(false) == false) { /* aucun enfant : rien à traiter */
		struct timespec pas = {ns / 1000000000, ns % 1000000000};

		nanosleep(&pas, NULL);
		return;
	}
	maintenant(&debut);
	sigemptyset(&sa.sa_mask);
	/* Gardé ensuite : un SIGALRM encore en attente ne doit pas tuer l'item. */
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	while (secondes_depuis(&debut) * 1e9 < (double)ns) {
		int statut;
		struct rusage ru;
		pid_t pid = wait4(-1, &statut, __WALL, &ru);

		if (pid == -1 && errno != EINTR)
			break;
		if (pid > 0 && distribuer(pid, statut, &ru))
			break;
	}
	setitimer(ITIMER_REAL, &zero, NULL);
	proc_recolter(false);
}

/* Récolte ce qui est arrivé (sans bloquer) ; vrai si p a fini. */
static bool recolter(struct proc *p)
{
	if (!p->fini)
		proc_recolter(false);
	return p->fini;
}

static long lire_syscall(pid_t pid, unsigned long args[6]);

/* Le processus est dans exit_group (ou exit) : il sort. */
static bool en_sortie(pid_t pid)
{
	unsigned long args[6];
	long nr = lire_syscall(pid, args);

	return nr == SYS_exit_group || nr == SYS_exit;
}

/*
 * Attend la fin de p jusqu'à l'échéance (ms), ou jusqu'à ce que l'item soit figé (veille.c),
 * ou, si sobre, jusqu'à ce que p calcule sans fin (calcule_depuis).
 */
static bool attendre_fin_ou(struct proc *p, int ms, bool sobre)
{
	/* Chaque appel IPC d'un programme tracé passe par le correcteur : sur une machine chargée,
	 * une boucle de 20 000 semop prend des secondes de plus. */
	if (p->trace)
		ms *= FACTEUR_TRACE;
	double cpu0 = cpu_secondes(p);
	struct timespec debut;
	struct veille v;
	bool fige = false;

	bool prolonge = false;

	maintenant(&debut);
	veille_commencer(&v);
	while (!recolter(p) && !(sobre && calcule_depuis(p, cpu0)) && !(fige = veille_figee(&v))) {
		int reste = ms - (int)(secondes_depuis(&debut) * 1000);

		/* Déjà dans exit_group à l'échéance : son code est décidé, le noyau finit sa sortie
		 * (sous la charge, elle peut attendre le verrou des groupes de contrôle que prend
		 * chaque lancement de make classe). Une fois, et borné. */
		if (reste <= 0 && !prolonge && en_sortie(p->pid)) {
			ms += SORTIE_MS;
			prolonge = true;
			continue;
		}
		if (reste <= 0)
			break;
		/* Réveillé par la fin d'un processus ; l'état est relu toutes les 20 ms. */
		proc_patienter((reste < 20 ? reste : 20) * 1000000L);
	}
	if (recolter(p) || !fige)
		veille_conclure(p->fini, ms);
	return p->fini;
}

bool attendre_fin(struct proc *p, int ms)
{
	return attendre_fin_ou(p, ms, false);
}

bool calcule_depuis(const struct proc *p, double cpu0)
{
	/* Sous memcheck, le démarrage seul coûte environ 0,6 s de processeur. */
	double limite = (delai(100) + (p->valgrind ? 1500 : 0)) / 1000.0;

	return cpu_secondes(p) - cpu0 > limite;
}

bool attendre_fin_sobre(struct proc *p, int ms)
{
	return attendre_fin_ou(p, ms, true);
}

bool termine(const struct proc *p)
{
	return recolter((struct proc *)p);
}

int code_sortie(const struct proc *p)
{
	return p->fini && WIFEXITED(p->statut) ? WEXITSTATUS(p->statut) : -1;
}

int signal_fatal(const struct proc *p)
{
	return p->fini && WIFSIGNALED(p->statut) ? WTERMSIG(p->statut) : 0;
}

double cpu_secondes(const struct proc *p)
{
	const struct rusage *r = &p->ru;
	char chemin[64], ligne[1024], *fin;
	unsigned long utime, stime;
	FILE *f;

	if (p->fini)
		return (double)(r->ru_utime.tv_sec + r->ru_stime.tv_sec) +
		       (double)(r->ru_utime.tv_usec + r->ru_stime.tv_usec) / 1e6;
	/* En cours : champs 14 et 15 de /proc/PID/stat, en tops d'horloge. */
	snprintf(chemin, sizeof chemin, "/proc/%d/stat", (int)p->pid);
	f = fopen(chemin, "r");
	if (f == NULL)
		return 0;
	fin = fgets(ligne, sizeof ligne, f) ? strrchr(ligne, ')') : NULL;
	fclose(f);
	if (fin == NULL || sscanf(fin + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	                          &utime, &stime) != 2)
		return 0;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

double duree_secondes(const struct proc *p)
{
	struct timespec fin = p->fin;

	if (!p->fini)
		maintenant(&fin);
	return (double)(fin.tv_sec - p->debut.tv_sec) +
	       (double)(fin.tv_nsec - p->debut.tv_nsec) / 1e9;
}

/*
 * Les MAX_CAPTURE premiers octets d'un fichier de capture, dans le tampon du flux k (un par
 * flux, alloué une fois) : seuls les octets nouveaux sont lus, les attentes relisant la sortie
 * des centaines de fois par seconde. Un fichier raccourci (le programme a tronqué sa sortie) est
 * relu depuis le début.
 */
static const char *lire_capture(struct proc *p, const char *chemin, int k)
{
	struct stat st;
	ssize_t r;
	int fd;

	if (p->tampon[k] == NULL) {
		p->tampon[k] = malloc(MAX_CAPTURE + 1);
		if (p->tampon[k] == NULL)
			echec("banc : mémoire épuisée");
		p->lu[k] = 0;
		p->tampon[k][0] = '\0';
	}
	fd = open(chemin, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return p->tampon[k];
	if (fstat(fd, &st) == 0 && st.st_size < (off_t)p->lu[k])
		p->lu[k] = 0;
	while (p->lu[k] < MAX_CAPTURE && (r = pread(fd, p->tampon[k] + p->lu[k],
	                                            MAX_CAPTURE - p->lu[k], (off_t)p->lu[k])) > 0) {
		/* Un octet nul dans la sortie couperait la chaîne : on le rend visible. */
		for (ssize_t i = 0; i < r; i++)
			if (p->tampon[k][p->lu[k] + (size_t)i] == '\0')
				p->tampon[k][p->lu[k] + (size_t)i] = '?';
		p->lu[k] += (size_t)r;
	}
	close(fd);
	p->tampon[k][p->lu[k]] = '\0';
	return p->tampon[k];
}

const char *sortie(struct proc *p)
{
	vider_terminal(p);
	return lire_capture(p, p->chemin_sortie, 0);
}

const char *erreurs(struct proc *p)
{
	return lire_capture(p, p->chemin_erreurs, 1);
}

struct attente_texte {
	struct proc *p;
	const char *texte;
	double cpu0;
};

static bool texte_present(void *arg)
{
	struct attente_texte *a = arg;
	bool fini = termine(a->p);

	return strstr(sortie(a->p), a->texte) != NULL || fini || calcule_depuis(a->p, a->cpu0);
}

bool attendre_texte(struct proc *p, const char *texte, int ms)
{
	struct attente_texte a = {p, texte, cpu_secondes(p)};

	attendre(texte_present, &a, ms);
	return strstr(sortie(p), texte) != NULL;
}

void exiger_texte(struct proc *p, const char *texte, const char *attendu)
{
	if (!attendre_texte(p, texte, delai_proc(p))) {
		montrer(p);
		echec("%s\nObservé : « %s » n'apparaît pas sur la sortie standard de %s (%s).",
		      attendu, texte, p->nom, decrire(p));
	}
}

void exiger_fin(struct proc *p, const char *attendu)
{
	if (!attendre_fin_sobre(p, delai_proc(p)))
		echec("%s\nObservé : après %.1f s, %s.", attendu, duree_secondes(p), decrire(p));
}

void exiger_code(struct proc *p, int code, const char *attendu)
{
	const char *extrait;

	exiger_fin(p, attendu);
	if (code_sortie(p) != code && p->valgrind && erreurs_valgrind(p, &extrait))
		echec("%s\nObservé : valgrind signale une erreur mémoire dans %s :\n%s", attendu,
		      p->nom, extrait);
	if (code_sortie(p) != code) {
		montrer(p);
		echec("%s\nObservé : %s (code de sortie attendu : %d).", attendu, decrire(p), code);
	}
}

/* État (R, S, T, Z...) et appel système en cours, lus dans /proc. */
static char lire_etat(pid_t pid)
{
	char chemin[64], ligne[512], *fin, etat = '?';
	FILE *f;

	snprintf(chemin, sizeof chemin, "/proc/%d/stat", (int)pid);
	f = fopen(chemin, "r");
	if (f == NULL)
		return '?';
	if (fgets(ligne, sizeof ligne, f) != NULL && (fin = strrchr(ligne, ')')) != NULL)
		etat = fin[2];
	fclose(f);
	return etat;
}

/* Numéro et arguments de l'appel système où le processus dort ; -1 s'il n'y en a pas. */
static long lire_syscall(pid_t pid, unsigned long args[6])
{
	char chemin[64], ligne[512];
	FILE *f;
	long nr = -1;

	snprintf(chemin, sizeof chemin, "/proc/%d/syscall", (int)pid);
	f = fopen(chemin, "r");
	if (f == NULL)
		return -1;
	if (fgets(ligne, sizeof ligne, f) != NULL &&
	    sscanf(ligne, "%ld %lx %lx %lx %lx %lx %lx", &nr, &args[0], &args[1], &args[2],
	           &args[3], &args[4], &args[5]) < 1)
		nr = -1;
	fclose(f);
	return nr;
}

struct attente_bloque {
	struct proc *p;
	long nr;
	double cpu0;
};

static bool est_bloque(void *arg)
{
	struct attente_bloque *a = arg;
	unsigned long args[6];
	long nr;

	if (termine(a->p) || lire_etat(a->p->pid) != 'S')
		return false;
	nr = lire_syscall(a->p->pid, args);
	/* La glibc fait entrer semop() dans le noyau par semtimedop : les deux valent. */
	if (a->nr == SYS_semop && nr == SYS_semtimedop)
		return true;
	return nr >= 0 && (a->nr == -1 || nr == a->nr);
}

/* Bloqué comme attendu, ou fini : un processus fini ne se bloquera plus, inutile d'attendre. */
static bool bloque_ou_fini(void *arg)
{
	struct attente_bloque *a = arg;

	return termine(a->p) || est_bloque(arg) || calcule_depuis(a->p, a->cpu0);
}

bool arguments_bloque(struct proc *p, long nr, unsigned long args[6])
{
	struct attente_bloque a = {p, nr, 0};

	return est_bloque(&a) && lire_syscall(p->pid, args) == nr;
}

bool attendre_bloque(struct proc *p, long nr, int ms)
{
	struct attente_bloque a = {p, nr, cpu_secondes(p)};

	attendre(bloque_ou_fini, &a, ms);
	return est_bloque(&a);
}

static const char *nom_syscall(long nr)
{
	switch (nr) {
	case SYS_msgrcv:
		return "msgrcv";
	case SYS_msgsnd:
		return "msgsnd";
	case SYS_semop:
		return "semop";
	case SYS_semtimedop:
		return "semtimedop";
	case SYS_wait4:
		return "wait4 (attend un fils)";
	case SYS_waitid:
		return "waitid (attend un fils)";
	case SYS_pause:
		return "pause";
	case SYS_nanosleep:
		return "nanosleep";
	case SYS_clock_nanosleep:
		return "clock_nanosleep (sleep)";
	case SYS_read:
		return "read";
	case SYS_write:
		return "write";
	case SYS_rt_sigsuspend:
		return "sigsuspend";
	case SYS_futex:
		return "futex";
	case SYS_poll:
		return "poll";
	case SYS_ppoll:
		return "ppoll";
	case SYS_select:
		return "select";
	case SYS_pselect6:
		return "pselect";
	default:
		return NULL;
	}
}

void exiger_bloque(struct proc *p, long nr, const char *attendu)
{
	struct timespec debut;

	maintenant(&debut);
	if (!attendre_bloque(p, nr, delai_proc(p))) {
		const char *nom = nr >= 0 ? nom_syscall(nr) : NULL;

		montrer(p);
		echec("%s\nObservé : %s n'est pas bloqué dans %s après %.1f s : %s.", attendu,
		      p->nom, nom ? nom : "un appel système", secondes_depuis(&debut), decrire(p));
	}
}

bool est_arrete(struct proc *p)
{
	/* Sous ptrace, un arrêt par SIGSTOP se lit « t » : trace.c sait que c'en est un, une fois
	 * traités les arrêts de traçage en attente (un SIGCONT déjà reçu, par exemple). */
	if (p->trace)
		proc_recolter(false);
	return !termine(p) && (lire_etat(p->pid) == 'T' || trace_arrete(p->pid));
}

static bool repris_ou_fini(void *arg)
{
	struct proc *p = arg;

	return termine(p) || !trace_arrete(p->pid);
}

static bool arrete_ou_fini(void *arg)
{
	return termine(arg) || est_arrete(arg);
}

bool attendre_arrete(struct proc *p, int ms)
{
	attendre(arrete_ou_fini, p, ms);
	return est_arrete(p);
}

void envoyer_signal(struct proc *p, int sig)
{
	if (!termine(p))
		kill(p->pid, sig);
	/* Tracé, un processus arrêté ne repart qu'une fois son SIGCONT traité par le banc : on
	 * l'attend ici, pour qu'au retour il soit reparti comme sans traçage. */
	if (sig == SIGCONT && p->trace)
		attendre(repris_ou_fini, p, delai(DELAI_COURT));
	etape("signal %s envoyé à %s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", p->nom);
}

void suspendre(struct proc *p)
{
	envoyer_signal(p, SIGSTOP);
	if (!attendre_arrete(p, delai(DELAI_COURT)))
		echec("banc : %s ne s'arrête pas après SIGSTOP (%s)", p->nom, decrire(p));
}

void reprendre(struct proc *p)
{
	envoyer_signal(p, SIGCONT);
}

pid_t pid_vu(const struct proc *p)
{
	return p->nspid;
}

pid_t pid_hote(const struct proc *p)
{
	return p->pid;
}

char *lire_proc(const struct proc *p, const char *quoi)
{
	char chemin[128];
	FILE *f;
	char *texte = NULL;
	size_t taille = 0;

	snprintf(chemin, sizeof chemin, "/proc/%d/%s", (int)p->pid, quoi);
	f = fopen(chemin, "r");
	if (f == NULL)
		return NULL;
	FILE *m = open_memstream(&texte, &taille);
	char bloc[4096];
	size_t n;

	while (m && (n = fread(bloc, 1, sizeof bloc, f)) > 0)
		fwrite(bloc, 1, n, m);
	fclose(f);
	if (m)
		fclose(m);
	return texte;
}

/* Décrit l'appel système bloquant avec ses arguments utiles. */
static void decrire_syscall(char *buf, size_t n, long nr, const unsigned long a[6], pid_t pid)
{
	const char *nom = nom_syscall(nr);
	char wchan[64] = "";
	FILE *f;
	char chemin[64];

	if (nr == SYS_msgrcv) {
		snprintf(buf, n, "msgrcv(file %ld, msgsz=%lu, type=%ld)", (long)a[0], a[2],
		         (long)a[3]);
		return;
	}
	if (nr == SYS_msgsnd) {
		snprintf(buf, n, "msgsnd(file %ld, msgsz=%lu) : la file est pleine", (long)a[0],
		         a[2]);
		return;
	}
	if (nr == SYS_semop || nr == SYS_semtimedop) {
		snprintf(buf, n, "%s(ensemble %ld, %lu opération(s))", nom, (long)a[0], a[2]);
		return;
	}
	if (nom != NULL) {
		snprintf(buf, n, "%s", nom);
		return;
	}
	snprintf(chemin, sizeof chemin, "/proc/%d/wchan", (int)pid);
	f = fopen(chemin, "r");
	if (f != NULL) {
		if (fgets(wchan, sizeof wchan, f) == NULL)
			wchan[0] = '\0';
		fclose(f);
	}
	snprintf(buf, n, "l'appel système n° %ld (noyau : %s)", nr, wchan[0] ? wchan : "?");
}

const char *decrire(struct proc *p)
{
	/* Quatre tampons tournants : decrire(a) et decrire(b) dans un même printf restent justes. */
	static char tampons[4][512];
	static unsigned tour;
	char *texte = tampons[tour++ % 4], appel[256];
	unsigned long args[6] = {0};
	long nr;
	char etat;

	if (termine(p)) {
		if (p->tue_par_banc)
			snprintf(texte, sizeof tampons[0],
			         "%s (pid %d) a été tué par le correcteur", p->nom, (int)p->nspid);
		else if (WIFSIGNALED(p->statut))
			snprintf(texte, sizeof tampons[0],
			         "%s (pid %d) a été tué par le signal %s (%s)%s", p->nom,
			         (int)p->nspid, sigabbrev_np(WTERMSIG(p->statut)),
			         strsignal(WTERMSIG(p->statut)),
			         WTERMSIG(p->statut) == SIGSYS && !bac.espaces_de_noms
			             ? " : en mode de repli, kill(-1) et kill d'un groupe (pid "
			               "négatif) arrêtent le programme, car ils tueraient aussi le "
			               "correcteur"
			             : "");
		else
			snprintf(texte, sizeof tampons[0],
			         "%s (pid %d) a terminé avec le code %d%s", p->nom, (int)p->nspid,
			         WEXITSTATUS(p->statut),
			         WEXITSTATUS(p->statut) == SORTIE_A_FAIRE_BANC
			             ? " (partie « À FAIRE » non écrite)"
			         : WEXITSTATUS(p->statut) == 97 && p->valgrind
			             ? " (erreur signalée par valgrind)"
			             : "");
		return texte;
	}
	if (trace_decrire(p, texte, sizeof tampons[0]))
		return texte;
	etat = lire_etat(p->pid);
	if (etat == 'T' || trace_arrete(p->pid)) {
		snprintf(texte, sizeof tampons[0], "%s (pid %d) est arrêté (SIGSTOP)", p->nom,
		         (int)p->nspid);
		return texte;
	}
	nr = lire_syscall(p->pid, args);
	if (nr == SYS_exit_group || nr == SYS_exit) {
		snprintf(texte, sizeof tampons[0],
		         "%s (pid %d) est dans exit_group : il sort, mais le noyau n'a pas fini sa "
		         "sortie",
		         p->nom, (int)p->nspid);
		return texte;
	}
	if ((etat == 'S' || etat == 'D') && nr >= 0) {
		decrire_syscall(appel, sizeof appel, nr, args, p->pid);
		snprintf(texte, sizeof tampons[0], "%s (pid %d) est bloqué dans %s depuis %.1f s",
		         p->nom, (int)p->nspid, appel, duree_secondes(p));
		return texte;
	}
	snprintf(texte, sizeof tampons[0],
	         "%s (pid %d) est en cours d'exécution, pas bloqué (si cela dure : boucle infinie "
	         "ou attente active)",
	         p->nom, (int)p->nspid);
	return texte;
}

bool erreurs_valgrind(struct proc *p, const char **extrait)
{
	static char premier[2048];
	FILE *f = fopen(p->chemin_valgrind, "r");
	char ligne[512];
	size_t lg = 0;
	bool erreur = false, dans = false;

	premier[0] = '\0';
	if (f == NULL)
		return false;
	while (fgets(ligne, sizeof ligne, f) != NULL) {
		char *texte = strstr(ligne, "== ");

		texte = texte ? texte + 3 : ligne;
		if (strstr(ligne, "ERROR SUMMARY:") && !strstr(ligne, "ERROR SUMMARY: 0 "))
			erreur = true;
		/* Le premier bloc d'erreur : de la première ligne non vide après l'en-tête. */
		if (!dans && lg == 0 &&
		    (strstr(texte, "Invalid") || strstr(texte, "uninitialised") ||
		     strstr(texte, "definitely lost") || strstr(texte, "indirectly lost") ||
		     strstr(texte, "possibly lost") || strstr(texte, "still reachable") ||
		     strstr(texte, "Syscall param") || strstr(texte, "Mismatched") ||
		     strstr(texte, "free()") || strstr(texte, "Source and destination")))
			dans = true;
		if (dans) {
			if (*texte == '\n' || lg > sizeof premier - 600)
				dans = false;
			else
				lg += (size_t)snprintf(premier + lg, sizeof premier - lg, "  %s",
				                       texte);
		}
	}
	fclose(f);
	if (code_sortie(p) == 97)
		erreur = true;
	if (extrait)
		*extrait = premier[0] ? premier : "(voir le journal de valgrind)";
	return erreur;
}

void exiger_memcheck(struct proc *p)
{
	const char *extrait;

	if (erreurs_valgrind(p, &extrait))
		echec("Attendu : aucune erreur mémoire, aucun bloc non libéré (valgrind "
		      "--leak-check=full --show-leak-kinds=all).\nObservé : "
		      "valgrind signale pour %s :\n%s",
		      decrire(p), extrait);
}
