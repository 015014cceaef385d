/*
 * correcteur.c : correcteur du TP 5 (le dîner des philosophes, interblocage et semop atomique).
 *
 * Les ordonnancements sont imposés, jamais espérés : avec PHILO_PAUSE=entre-fourchettes ou
 * PHILO_PAUSE=mange, le code donné arrête un philosophe par SIGSTOP entre ses deux semop ou en
 * mangeant ; le correcteur attend l'état T, lit la table depuis l'extérieur (GETVAL, GETNCNT,
 * GETPID de chaque sémaphore), l'appel où dort chaque philosophe (/proc/PID/syscall : semop et
 * son nombre d'opérations), puis choisit qui relancer (SIGCONT).
 */
#define _GNU_SOURCE
#include "banc.h"
#include "commun.h" /* union semun, dont semctl a besoin */
#include "philo.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/syscall.h>

/* Une pause exportée dans le shell (démonstrations) figerait chaque item. */
__attribute__((constructor)) static void oublier_pause(void)
{
	unsetenv("PHILO_PAUSE");
}

/* ---- Les philosophes lancés par l'item ---- */

#define MAX_PHILOS 8

/* Les processus lancés par l'item, pour traduire un GETPID (pid vu du correcteur). */
static struct proc *connus[64];
static int nb_connus;

static struct proc *noter(struct proc *p)
{
	if (nb_connus < (int)NB_ELEMENTS(connus))
		connus[nb_connus++] = p;
	return p;
}

/* philo(o, "creer", "3") : philo SOUS-COMMANDE CHEMIN ARGS... */
#define PHILO(o, cmd, ...)                                                                         \
	noter(lancer_ex(&(struct lancement){                                                       \
	    .origine = (o),                                                                        \
	    .prog = "philo",                                                                       \
	    .args = (const char *const[]){cmd, chemin_cle(), __VA_ARGS__, NULL}}))

/* Lance « philo VERSION CHEMIN I R », avec PHILO_PAUSE=pause si pause n'est pas NULL. */
static struct proc *philosophe(enum origine o, const char *version, int i, int r, const char *pause)
{
	char si[16], sr[16], env[64];
	const char *envs[2] = {NULL, NULL};

	snprintf(si, sizeof si, "%d", i);
	snprintf(sr, sizeof sr, "%d", r);
	if (pause != NULL) {
		snprintf(env, sizeof env, "PHILO_PAUSE=%s", pause);
		envs[0] = env;
	}
	return noter(lancer_ex(
	    &(struct lancement){.origine = o,
	                        .prog = "philo",
	                        .args = (const char *const[]){version, chemin_cle(), si, sr, NULL},
	                        .env = envs}));
}

/* La table de départ, créée par la référence : elle ne dépend pas de l'étudiant. */
static void creer_reference(int n)
{
	char sn[16];

	snprintf(sn, sizeof sn, "%d", n);
	exiger_code(PHILO(REFERENCE, "creer", sn), 0,
	            "Attendu : la référence crée la table de départ (code 0).");
}

/* ---- Lire la table ---- */

struct table {
	bool existe;
	int semid;
	int n; /* fourchettes ; le portier est le sémaphore n */
	int val[PHILO_MAX + 1], ncnt[PHILO_MAX + 1], pid[PHILO_MAX + 1];
};

static struct table lire_table(void)
{
	struct table t = {.semid = semget(cle(ID_TABLE), 0, 0)};
	struct semid_ds ds;
	union semun arg = {.buf = &ds};

	if (t.semid == -1 || semctl(t.semid, 0, IPC_STAT, arg) == -1)
		return t;
	t.n = (int)ds.sem_nsems - 1;
	if (t.n < 1 || t.n > PHILO_MAX)
		return t;
	for (int k = 0; k <= t.n; k++) {
		t.val[k] = semctl(t.semid, k, GETVAL);
		t.ncnt[k] = semctl(t.semid, k, GETNCNT);
		t.pid[k] = semctl(t.semid, k, GETPID);
		if (t.val[k] == -1 || t.ncnt[k] == -1 || t.pid[k] == -1)
			return t;
	}
	t.existe = true;
	return t;
}

/* « f0=1 f1=0 (GETNCNT 1) f2=0, portier 2 » (tampons tournants). */
static const char *decrire_table(const struct table *t)
{
	static char tampons[4][600];
	static int tour;
	struct texte s = texte_sur(tampons[tour++ % 4], sizeof tampons[0]);

	if (!t->existe) {
		texte_ajouter(&s, "aucune table pour ftok(CHEMIN, '%c')", ID_TABLE);
		return s.buf;
	}
	for (int k = 0; k < t->n; k++)
		texte_ajouter(&s, k ? " f%d=%d" : "f%d=%d", k, t->val[k]);
	for (int k = 0; k < t->n; k++)
		if (t->ncnt[k] > 0)
			texte_ajouter(&s, ", GETNCNT(f%d)=%d", k, t->ncnt[k]);
	texte_ajouter(&s, ", portier %d", t->val[t->n]);
	return s.buf;
}

/* Le processus dont le pid (vu du correcteur) est pid, parmi ceux de l'item ; NULL sinon. */
static struct proc *connu(int pid)
{
	for (int i = 0; i < nb_connus; i++)
		if (pid_hote(connus[i]) == pid)
			return connus[i];
	return NULL;
}

/* ---- État des philosophes ---- */

enum posture { FINI, ARRETE, DANS_SEMOP, AUTRE };

/* Où en est p : fini, arrêté (SIGSTOP), endormi dans semop (*nsops : son nombre d'opérations). */
static enum posture posture(struct proc *p, long *nsops)
{
	char *stat, *sys, *fin;
	enum posture r = AUTRE;
	long nr = -1;
	unsigned long a[3] = {0};

	if (termine(p))
		return FINI;
	if (est_arrete(p))
		return ARRETE;
	stat = lire_proc(p, "stat");
	fin = stat ? strrchr(stat, ')') : NULL;
	if (fin && fin[1] == ' ' && fin[2] == 'S') {
		sys = lire_proc(p, "syscall");
		if (sys && sscanf(sys, "%ld %lx %lx %lx", &nr, &a[0], &a[1], &a[2]) == 4 &&
		    (nr == SYS_semop || nr == SYS_semtimedop)) {
			r = DANS_SEMOP;
			if (nsops)
				*nsops = (long)a[2];
		}
		free(sys);
	}
	free(stat);
	return r;
}

/* Les philosophes d'un scénario : ph[i] est le philosophe i (NULL : absent). */
struct diner {
	int n;
	struct proc *ph[MAX_PHILOS];
};

/* Qui a modifié en dernier un sémaphore de GETPID pid : « le philosophe 2 » (un de d),
 * sinon la description du processus, ou « un processus inconnu » (tampons tournants). */
static const char *auteur(const struct diner *d, int pid)
{
	static char tampons[4][64];
	static int tour;
	struct proc *p = connu(pid);
	char *b = tampons[tour++ % 4];

	for (int i = 0; p != NULL && i < d->n; i++)
		if (d->ph[i] == p) {
			snprintf(b, sizeof tampons[0], "le philosophe %d", i);
			return b;
		}
	return p ? decrire(p) : "un processus inconnu";
}

/* Vrai quand plus rien ne bouge seul : chaque philosophe est fini, arrêté ou dans semop. */
/* Vrai si aucun philosophe ne tourne, vu par deux relevés de suite identiques : un relevé lit
 * les philosophes l'un après l'autre, et celui qui sort (ses fourchettes rendues par SEM_UNDO)
 * peut réveiller un voisin déjà lu endormi ; le second relevé voit alors ce voisin réveillé. */
static bool immobile(void *arg)
{
	const struct diner *d = arg;
	enum posture vu[MAX_PHILOS];

	for (int tour = 0; tour < 2; tour++)
		for (int i = 0; i < d->n; i++) {
			enum posture p = d->ph[i] ? posture(d->ph[i], NULL) : FINI;

			if (p == AUTRE || (tour == 1 && p != vu[i]))
				return false;
			vu[i] = p;
		}
	return true;
}

static void attendre_immobile(struct diner *d)
{
	exiger(attendre(immobile, d, delai(DELAI_COURT)),
	       "Attendu : chaque philosophe finit, s'arrête au point de pause ou s'endort dans "
	       "semop.\nObservé : l'un d'eux tourne encore après %d ms (boucle, attente active ?).",
	       delai(DELAI_COURT));
}

/* La fourchette k est tenue par le philosophe i : prise (0) et modifiée par lui en dernier. */
static bool tient(const struct table *t, const struct diner *d, int i, int k)
{
	return d->ph[i] && t->val[k] == 0 && connu(t->pid[k]) == d->ph[i];
}

/* Ce que le philosophe i, censé manger, ne tient pas : « f2 vaut 1 (libre) » ou « f2 vaut 0,
 * modifiée en dernier par ... » pour chacune de ses deux fourchettes qu'il ne tient pas
 * (tampons tournants). */
static const char *non_tenues(const struct table *t, const struct diner *d, int i)
{
	static char tampons[2][400];
	static int tour;
	struct texte s = texte_sur(tampons[tour++ % 2], sizeof tampons[0]);
	int f[2] = {i, (i + 1) % d->n};

	for (int c = 0; c < 2; c++) {
		int k = f[c];

		if (tient(t, d, i, k))
			continue;
		texte_ajouter(&s, "%s", s.lg ? " ; " : "");
		if (t->val[k] != 0)
			texte_ajouter(&s, "f%d vaut %d : le philosophe %d ne la tient pas", k,
			              t->val[k], i);
		else
			texte_ajouter(&s, "f%d est prise, modifiée en dernier par %s", k,
			              auteur(d, t->pid[k]));
	}
	return s.lg ? s.buf : "il tient ses deux fourchettes";
}

/* Ajoute à s un dessin de la table : ce que fait chaque philosophe, ce qu'il tient, ce qu'il
 * attend ; et, s'il y en a un, le cycle d'attente (« Pi --fk--> Pj » : Pi attend fk, que tient
 * Pj). */
static void dessiner(struct texte *s, const struct table *t, struct diner *d)
{
	int attend[MAX_PHILOS], qui[MAX_PHILOS];

	texte_ajouter(s, "\n    La table (f = fourchette ; Pi mange avec fi et f(i+1 mod %d)) :\n",
	              d->n);
	for (int i = 0; i < d->n; i++) {
		int g = i, dr = (i + 1) % d->n;
		long nsops = 0;
		enum posture p = d->ph[i] ? posture(d->ph[i], &nsops) : FINI;

		attend[i] = -1;
		qui[i] = -1;
		texte_ajouter(s, "      P%d : ", i);
		if (!d->ph[i]) {
			texte_ajouter(s, "absent\n");
			continue;
		}
		if (p == FINI) {
			texte_ajouter(s, "%s\n", decrire(d->ph[i]));
			continue;
		}
		texte_ajouter(s, "%s",
		              p == ARRETE       ? "arrêté par le point de pause"
		              : p == DANS_SEMOP ? "endormi dans semop"
		                                : "en cours d'exécution");
		if (p == DANS_SEMOP)
			texte_ajouter(s, " (%ld opération%s)", nsops, nsops > 1 ? "s" : "");
		texte_ajouter(s, " ; tient :");
		if (!tient(t, d, i, g) && !tient(t, d, i, dr))
			texte_ajouter(s, " rien");
		if (tient(t, d, i, g))
			texte_ajouter(s, " f%d", g);
		if (tient(t, d, i, dr))
			texte_ajouter(s, " f%d", dr);
		if (p == DANS_SEMOP) {
			/* Sa gauche en main, il attend la droite, et inversement ; les mains vides,
			 * il attend celles qui sont prises (la gauche d'abord). */
			int k = tient(t, d, i, g)    ? (t->val[dr] == 0 ? dr : -1)
			        : tient(t, d, i, dr) ? (t->val[g] == 0 ? g : -1)
			        : t->val[g] == 0     ? g
			        : t->val[dr] == 0    ? dr
			                             : -1;
			if (k >= 0) {
				struct proc *h = connu(t->pid[k]);

				attend[i] = k;
				for (int j = 0; j < d->n; j++)
					if (d->ph[j] && d->ph[j] == h)
						qui[i] = j;
				texte_ajouter(s, " ; attend f%d", k);
				if (qui[i] >= 0)
					texte_ajouter(s, ", tenue par P%d", qui[i]);
			}
		}
		texte_ajouter(s, "\n");
	}
	/* Un cycle : en suivant « attend une fourchette tenue par », on revient au départ. */
	for (int depart = 0; depart < d->n; depart++) {
		int i = depart, pas = 0;

		while (pas <= d->n && qui[i] >= 0 && (i = qui[i]) != depart)
			pas++;
		if (qui[i] < 0 || i != depart)
			continue;
		char ligne[400];
		struct texte l = texte_sur(ligne, sizeof ligne);

		i = depart;
		do {
			texte_ajouter(&l, qui[i] == depart ? "P%d --f%d--" : "P%d --f%d--> ", i,
			              attend[i]);
			i = qui[i];
		} while (i != depart);
		int lg = (int)strlen(ligne) + 3;
		texte_ajouter(s, "    Cycle d'attente (« Pi --fk--> Pj » : Pi attend fk, que tient "
		                 "Pj) :\n");
		texte_ajouter(
		    s, "      +-> %s+\n      |%*s|\n      +%.*s+\n", ligne, lg, "", lg,
		    "----------------------------------------------------------------------"
		    "----------------------------------------------------------------------"
		    "----------------------------------------------------------------------");
		texte_ajouter(s, "    Chacun tient une fourchette et attend celle de son voisin : "
		                 "aucun ne la lâchera, c'est un interblocage.\n");
		break;
	}
}

static noreturn void echec_table(struct diner *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Un philosophe ne touche jamais au portier (sauf la version portier) : GETPID du portier
 * montre-t-il l'un d'eux ? C'est alors que sa fourchette droite est sortie de 0..N - 1. */
static void exiger_portier_intact(struct diner *d, const struct table *t)
{
	struct proc *p = t->existe ? connu(t->pid[t->n]) : NULL;

	for (int i = 0; p != NULL && i < d->n; i++)
		if (d->ph[i] == p)
			echec_table(
			    d,
			    "Attendu : les philosophes ne prennent que des fourchettes, "
			    "numérotées de 0 à N - 1.\nObservé : le philosophe %d a modifié le "
			    "portier (sémaphore %d, GETPID), qu'un naïf ou un diner ne touche "
			    "jamais : il l'a pris pour sa fourchette droite. La droite est "
			    "(I + 1) %% N, avec N le nombre de fourchettes : sem_nsems - 1, "
			    "car le portier n'en est pas une.",
			    i, t->n);
}

/* echec() avec le message, l'état de la table et son dessin. */
static noreturn void echec_table(struct diner *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static noreturn void echec_table(struct diner *d, const char *fmt, ...)
{
	static char tampon[3000];
	struct texte s = texte_sur(tampon, sizeof tampon);
	struct table t = lire_table();
	va_list ap;

	va_start(ap, fmt);
	texte_ajouter_v(&s, fmt, ap);
	va_end(ap);
	texte_ajouter(&s, "\n    Table : %s.", decrire_table(&t));
	if (t.existe && t.n == d->n)
		dessiner(&s, &t, d);
	/* Le premier qui a échoué : son message dit souvent tout (étape « À FAIRE », errno). */
	for (int i = 0; i < d->n; i++)
		if (d->ph[i] && termine(d->ph[i]) && code_sortie(d->ph[i]) != 0) {
			montrer(d->ph[i]);
			break;
		}
	echec("%s", s.buf);
}

/* Nombre de lignes « texte » dans la sortie de p. */
static int compter(struct proc *p, const char *ligne)
{
	const char *s = sortie(p);
	size_t lg = strlen(ligne);
	int n = 0;

	for (const char *c = s; (c = strstr(c, ligne)) != NULL; c += lg)
		if ((c == s || c[-1] == '\n') && c[lg] == '\n')
			n++;
	return n;
}

/* Pourquoi le semop du philosophe p (fini en échec) a pu échouer : EINTR non refait, ou EAGAIN
 * d'un IPC_NOWAIT (vu dans sa trace s'il est tracé, sinon dans le message d'err()) ; "" sinon. */
static const char *indice_semop(struct proc *p)
{
	const struct appel_ipc *a[64];
	size_t nb = trace_active(p) ? appels_ipc(p, a, NB_ELEMENTS(a)) : 0;
	bool eagain = strstr(erreurs(p), "Resource temporarily unavailable") != NULL;

	for (size_t k = 0; k < nb && k < NB_ELEMENTS(a); k++)
		eagain = eagain || ((a[k]->nr == SYS_semop || a[k]->nr == SYS_semtimedop) &&
		                    a[k]->revenu && a[k]->retour == -1 && a[k]->err == EAGAIN);
	if (strstr(erreurs(p), "Interrupted system call") || strstr(erreurs(p), "EINTR"))
		return " Son semop a échoué avec EINTR : arrêté par le correcteur pendant "
		       "son attente puis relancé, il a été interrompu sans que rien soit "
		       "appliqué ; il faut le refaire (boucle sur EINTR).";
	if (eagain)
		return " Son semop a échoué avec EAGAIN : avec IPC_NOWAIT, semop échoue au lieu "
		       "d'attendre que les fourchettes se libèrent. Un philosophe qui a faim doit "
		       "s'endormir dans semop (sem_flg = SEM_UNDO, sans IPC_NOWAIT).";
	return "";
}

/* Exige que le philosophe i ait fini (code 0) après exactement r repas. */
static void exiger_repas(struct diner *d, int i, int r)
{
	char mange[32];

	snprintf(mange, sizeof mange, "%d mange", i);
	if (!attendre_fin(d->ph[i], delai(DELAI_COURT)))
		echec_table(d, "Attendu : le philosophe %d finit ses %d repas.\nObservé : %s.", i,
		            r, decrire(d->ph[i]));
	if (code_sortie(d->ph[i]) != 0) {
		montrer(d->ph[i]);
		echec_table(d, "Attendu : le philosophe %d finit avec le code 0.\nObservé : %s.%s",
		            i, decrire(d->ph[i]), indice_semop(d->ph[i]));
	}
	if (compter(d->ph[i], mange) != r) {
		montrer(d->ph[i]);
		echec("Attendu : %d lignes « %s » (une par repas).\nObservé : %d.", r, mange,
		      compter(d->ph[i], mange));
	}
}

/* ---- Items ---- */

/* Des droits écrits en décimal par erreur (600 au lieu de 0600) : ce qu'en garde le noyau. */
static const int decimaux[] = {600, 640, 644, 660, 666, 700};

/* Exige que le creer p (tracé, fini) ait initialisé la table de n fourchettes d'un seul
 * semctl(SETALL), sans SETVAL. */
static void exiger_un_setall(struct proc *p, int n)
{
	const struct motif init = {.appel = SYS_semctl, .initialise = true};
	const struct appel_ipc *a = premier_appel(p, &init);
	size_t nb = compter_appels(p, &init);

	if (a != NULL && nb == 1 && a->cmd == SETALL)
		return;
	echec("Attendu : la table initialisée d'un seul semctl(semid, 0, SETALL, arg), arg.array "
	      "sur les N + 1 = %d valeurs.\nObservé : %zu appel%s d'initialisation, le premier : "
	      "%s. Un SETVAL par sémaphore laisse, entre deux appels, une table à moitié "
	      "initialisée que les philosophes peuvent déjà ouvrir (cours : « Initialisation »).",
	      n + 1, nb, nb > 1 ? "s" : "", a ? decrire_appel(a) : "aucun");
}

/* Les droits d'un mode écrit en décimal (600 pour 0600), ou NULL : l'explication, pour le mode
 * m d'un ensemble (ou les flags d'un semget). Tampon statique. */
static const char *droits_decimaux(unsigned m)
{
	static char t[300];

	for (size_t k = 0; k < NB_ELEMENTS(decimaux); k++)
		if ((m & 0777) != 0600 && (m & 0777) == (unsigned)(decimaux[k] & 0777)) {
			snprintf(
			    t, sizeof t,
			    "0%03o : c'est %d écrit en décimal (%d = 0%o en octal, dont le noyau "
			    "garde les neuf bits de droits). En C, des droits s'écrivent en octal, "
			    "avec un 0 devant : 0600",
			    m & 0777, decimaux[k], decimaux[k], decimaux[k]);
			return t;
		}
	return NULL;
}

static void verifier_creation(void)
{
	static const struct motif semget_revenu = {.appel = SYS_semget, .apres = true};
	static const int tailles[] = {5, 2, 32};
	struct objet_ipc o;
	struct table t;
	struct proc *p;
	struct retenue r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ses semctl d'initialisation */
	for (size_t c = 0; c < NB_ELEMENTS(tailles); c++) {
		int n = tailles[c];
		const struct appel_ipc *g;
		char sn[16];

		snprintf(sn, sizeof sn, "%d", n);
		etape("philo creer CHEMIN %d (étudiant), puis /proc/sysvipc/sem et GETVAL", n);
		p = PHILO(ETUDIANT, "creer", sn);
		/* Hors root, des droits sans w pour soi lui refusent ensuite son propre SETALL. */
		if (attendre_fin(p, delai(DELAI_COURT)) && code_sortie(p) != 0 &&
		    (g = premier_appel(p, &semget_revenu)) != NULL &&
		    droits_decimaux((unsigned)g->arg[2]) != NULL) {
			montrer(p);
			echec("Attendu : « philo creer CHEMIN N » réussit (code 0), droits 0600.\n"
			      "Observé : %s, après « %s » : droits %s ; sans le droit d'écrire, le "
			      "SETALL qui suit est refusé (EACCES).",
			      decrire(p), decrire_appel(g), droits_decimaux((unsigned)g->arg[2]));
		}
		exiger_code(
		    p, 0,
		    "Attendu : « philo creer CHEMIN N » réussit (code 0) quand aucune table "
		    "n'existe, pour 2 <= N <= 32.");
		if (!trouver_objet(SEMAPHORES, cle(ID_TABLE), &o)) {
			struct objet_ipc l[4];

			if (lister_objets(l, 4) > 0 && l[0].cle == IPC_PRIVATE)
				echec("Attendu : un ensemble de clé ftok(CHEMIN, '%c') = 0x%08x.\n"
				      "Observé : un ensemble de clé 0, IPC_PRIVATE : aucune autre "
				      "commande ne peut le retrouver par sa clé. semget reçoit la "
				      "clé donnée à creer_table, celle de ftok.",
				      ID_TABLE, (unsigned)cle(ID_TABLE));
			if (lister_objets(l, 4) > 0)
				echec("Attendu : un ensemble de clé ftok(CHEMIN, '%c') = 0x%08x.\n"
				      "Observé : un objet de clé 0x%08x : mauvais identifiant "
				      "passé à ftok ?",
				      ID_TABLE, (unsigned)cle(ID_TABLE), (unsigned)l[0].cle);
			echec("Attendu : un ensemble de clé ftok(CHEMIN, '%c') = 0x%08x.\n"
			      "Observé : aucun ensemble de sémaphores.",
			      ID_TABLE, (unsigned)cle(ID_TABLE));
		}
		exiger(o.nombre == (unsigned long)n + 1,
		       "Attendu : %d sémaphores (%d fourchettes, puis le portier).\nObservé : %lu.",
		       n + 1, n, o.nombre);
		exiger(droits_decimaux(o.mode) == NULL,
		       "Attendu : droits 0600 (IPC_CREAT | IPC_EXCL | 0600).\nObservé : %s.",
		       droits_decimaux(o.mode));
		exiger(o.mode == 0600,
		       "Attendu : droits 0600 (IPC_CREAT | IPC_EXCL | 0600).\nObservé : %03o.",
		       o.mode);
		if (c == 0 && trace_ou_dire(p, "un seul semctl(SETALL)"))
			exiger_un_setall(p, n);
		t = lire_table();
		for (int k = 0; k < n; k++)
			exiger(
			    t.existe && t.val[k] == 1,
			    "Attendu : chaque fourchette à 1 (libre), le portier à %d (SETALL).\n"
			    "Observé : %s.",
			    n - 1, decrire_table(&t));
		exiger(t.val[n] == n - 1,
		       "Attendu : le portier (sémaphore %d) à N - 1 = %d.\nObservé : %s.", n, n - 1,
		       decrire_table(&t));
		supprimer_objets();
	}

	etape("philo creer CHEMIN 5 (étudiant), son semctl(SETALL) mis en échec par le "
	      "correcteur (ERANGE) : l'ensemble créé doit disparaître");
	p = PHILO(ETUDIANT, "creer", "5");
	if (!trace_ou_dire(p, "SETALL en échec")) {
		exiger_fin(p, "Attendu : creer se termine.");
		supprimer_objets();
		return;
	}
	r = retenir(p, &(struct motif){.appel = SYS_semctl, .initialise = true});
	exiger_retenu(r, "Attendu : creer initialise la table par semctl(SETALL).");
	relacher_en_echec(r, ERANGE);
	exiger_code(p, 1,
	            "Attendu : quand semctl(SETALL) échoue, creer le dit sur stderr et sort avec "
	            "le code 1.");
	t = lire_table();
	exiger(!trouver_objet(SEMAPHORES, cle(ID_TABLE), &o),
	       "Attendu : quand semctl(SETALL) échoue, creer supprime l'ensemble qu'il vient de "
	       "créer (semctl(IPC_RMID)) avant de quitter.\nObservé : l'ensemble %d reste, jamais "
	       "initialisé (%s) : le creer suivant serait refusé (EEXIST), et les philosophes "
	       "attendraient pour toujours des fourchettes à 0.\n  Indice : garder errno, "
	       "supprimer l'ensemble, puis err().",
	       o.id, decrire_table(&t));
}

/* Exige la table avant intacte (le philosophe 1 arrêté en mangeant : f1 et f2 prises, f0
 * libre) après un creer refusé, puis laisse le philosophe 1 finir son repas. quand : « en
 * cours », « créée entre-temps ». */
static void exiger_table_intacte(struct diner *d, const struct table *avant, const char *quand)
{
	struct table apres = lire_table();

	exiger(apres.existe && apres.semid == avant->semid && apres.val[1] == 0 &&
	           apres.val[2] == 0 && apres.val[0] == 1,
	       "Attendu : la table %s reste intacte (id %d, %s).\nObservé : id %d, %s. Ne jamais "
	       "réinitialiser la table d'un autre : IPC_EXCL.",
	       quand, avant->semid, decrire_table(avant), apres.semid, decrire_table(&apres));
	reprendre(d->ph[1]);
	exiger_repas(d, 1, 1);
}

static void verifier_deja_cree(void)
{
	struct diner d = {.n = 3};
	struct table avant;
	struct proc *p;

	etape("référence : philo creer CHEMIN 3 ; le philosophe 1 (référence) arrêté en mangeant");
	creer_reference(3);
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_arrete(d.ph[1], delai(DELAI_COURT)),
	       "Attendu (mise en place par la référence) : le philosophe 1 s'arrête en mangeant."
	       "\nObservé : %s.",
	       decrire(d.ph[1]));
	avant = lire_table();

	etape("philo creer CHEMIN 3 (étudiant) alors que la table existe");
	p = PHILO(ETUDIANT, "creer", "3");
	exiger_code(p, 1,
	            "Attendu : un second creer échoue (code 1) : avec IPC_EXCL, semget refuse une "
	            "clé déjà prise (EEXIST).");
	exiger(erreurs(p)[0] != '\0',
	       "Attendu : un message sur la sortie d'erreur quand creer échoue.\nObservé : rien.");
	exiger_table_intacte(&d, &avant, "en cours");

	/* Chercher la table, puis la créer sans IPC_EXCL : une fenêtre entre les deux. */
	supprimer_objets();
	etape("philo creer CHEMIN 3 (étudiant), retenu au retour de son premier semget ; s'il n'a "
	      "fait que chercher la table (absente), la référence en crée une entre-temps, le "
	      "philosophe 1 (référence) arrêté en mangeant, puis il repart");
	tracer_lancements(TRACER_SI_ETUDIANT);
	p = PHILO(ETUDIANT, "creer", "3");
	if (!trace_ou_dire(p, "creer pris de vitesse entre sa recherche et sa création")) {
		exiger_fin(p, "Attendu : creer se termine.");
		restes_attendus();
		return;
	}
	struct retenue r = retenir(p, &(struct motif){.appel = SYS_semget, .apres = true});
	const struct appel_ipc *a;

	exiger_retenu(r, "Attendu : creer appelle semget.");
	a = appel_retenu(r);
	if (a == NULL || (a->arg[2] & IPC_CREAT) != 0 || a->retour != -1) {
		relacher(r);
		exiger_code(p, 0, "Attendu : creer réussit (code 0) quand aucune table n'existe.");
		restes_attendus();
		return;
	}
	creer_reference(3);
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_arrete(d.ph[1], delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 1 s'arrête en mangeant.\nObservé : %s.",
	       decrire(d.ph[1]));
	avant = lire_table();
	relacher(r);
	exiger_code(p, 1,
	            "Attendu : creer échoue (code 1) : la table a été créée par un autre entre sa "
	            "recherche (semget sans IPC_CREAT : absente) et sa création. Seul IPC_EXCL "
	            "rend la création sûre : semget(cle, N + 1, IPC_CREAT | IPC_EXCL | 0600) "
	            "échoue alors avec EEXIST ; chercher d'abord, puis créer sans IPC_EXCL, "
	            "laisse une fenêtre où deux creer réussissent tous les deux.");
	exiger_table_intacte(&d, &avant, "créée entre-temps");
	restes_attendus();
}

static void verifier_absent(void)
{
	static const char *const commandes[] = {"naif", "diner", "etat", "detruire"};
	char inexistant[512];
	struct proc *p;

	for (size_t c = 0; c < NB_ELEMENTS(commandes); c++) {
		etape("philo %s CHEMIN sans table", commandes[c]);
		if (c < 2)
			p = philosophe(ETUDIANT, commandes[c], 0, 1, NULL);
		else
			p = noter(lancer(ETUDIANT, "philo", commandes[c], chemin_cle()));
		exiger_fin(p, "Attendu : sans table, le programme échoue aussitôt (code 1).");
		if (code_sortie(p) != 1) {
			montrer(p);
			echec("Attendu : « philo %s » sans table → code 1 et un message, sans rien "
			      "créer.\nObservé : %s.",
			      commandes[c], decrire(p));
		}
		exiger(erreurs(p)[0] != '\0',
		       "Attendu : un message sur la sortie d'erreur.\nObservé : rien.");
		exiger_aucun_objet("sans table (semget sans IPC_CREAT)");
	}
	etape("philo diner DOSSIER/absent 0 1 : le fichier clé n'existe pas");
	snprintf(inexistant, sizeof inexistant, "%s/absent", dossier_test());
	p = noter(lancer(ETUDIANT, "philo", "diner", inexistant, "0", "1"));
	exiger_code(p, 1, "Attendu : fichier clé inexistant → échec (code 1).");
	exiger_aucun_objet("avec un fichier clé inexistant");
}

/* Vrai si les attentes que montre sortie, une ligne par fourchette, sont les GETZCNT de la
 * table t et non ses GETNCNT (qui diffèrent). */
static bool selon_getzcnt(const char *sortie, const struct table *t)
{
	bool differe = false;

	for (int k = 0; k < t->n; k++) {
		char motif[64];
		const char *l;
		int a, z = semctl(t->semid, k, GETZCNT);

		snprintf(motif, sizeof motif, "fourchette %d valeur ", k);
		l = strstr(sortie, motif);
		if (l == NULL || sscanf(l + strlen(motif), "%*d attente %d", &a) != 1 || a != z)
			return false;
		differe = differe || a != t->ncnt[k];
	}
	return differe;
}

/* Lance « philo etat » (étudiant) et exige exactement l'état lu par le correcteur. */
static void exiger_etat(const char *moment)
{
	struct table t = lire_table();
	struct proc *p = noter(lancer(ETUDIANT, "philo", "etat", chemin_cle()));
	char attendu[2048];
	struct texte s = texte_sur(attendu, sizeof attendu);

	char portier[64];

	snprintf(portier, sizeof portier, "fourchette %d ", t.n);
	attendre_fin(p, delai(DELAI_COURT));
	if (strstr(sortie(p), portier) != NULL) {
		montrer(p);
		echec(
		    "Attendu (%s) : %d lignes « fourchette » (0 à %d), puis le portier.\n"
		    "Observé : une ligne « fourchette %d » : c'est le portier. L'ensemble a N + 1 "
		    "sémaphores, dont N fourchettes : N = sem_nsems - 1 (IPC_STAT).",
		    moment, t.n, t.n - 1, t.n);
	}
	exiger_code(p, 0, "Attendu : etat réussit (code 0) quand la table existe.");
	for (int k = 0; k < t.n; k++) {
		struct proc *q = connu(t.pid[k]);

		texte_ajouter(&s, FORMAT_FOURCHETTE, k, t.val[k], t.ncnt[k],
		              q ? (int)pid_vu(q) : -1);
	}
	texte_ajouter(&s, FORMAT_PORTIER, t.val[t.n], t.ncnt[t.n]);
	if (strcmp(sortie(p), attendu) == 0)
		return;
	montrer(p);
	if (selon_getzcnt(sortie(p), &t))
		echec(
		    "Attendu (%s) : exactement\n%sObservé : les attentes affichées sont celles de "
		    "GETZCNT au lieu de GETNCNT : GETZCNT compte les attentes de zéro, GETNCNT "
		    "celles qui veulent décrémenter (prendre la fourchette).",
		    moment, attendu);
	echec("Attendu (%s) : exactement\n%sObservé : la sortie ci-dessous. Pour chaque fourchette "
	      "k : semctl(semid, k, GETVAL), GETNCNT (endormis en attendant qu'elle augmente), "
	      "GETPID (dernier à l'avoir modifiée) ; puis le portier.",
	      moment, attendu);
}

static void verifier_etat(void)
{
	struct diner d = {.n = 3};
	struct table t;

	etape("référence : philo creer CHEMIN 3 ; philo etat (étudiant) au repos");
	creer_reference(3);
	exiger_etat("au repos");

	etape(
	    "le philosophe 1 (référence) arrêté en mangeant, le 0 (référence) endormi dans semop");
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_arrete(d.ph[1], delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 1 s'arrête en mangeant.\nObservé : %s.",
	       decrire(d.ph[1]));
	d.ph[0] = philosophe(REFERENCE, "diner", 0, 1, NULL);
	exiger(attendre_bloque(d.ph[0], SYS_semop, delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 0 attend dans semop.\nObservé : %s.",
	       decrire(d.ph[0]));
	t = lire_table();
	exiger(t.existe && t.val[0] == 1 && t.val[1] == 0 && t.val[2] == 0,
	       "Attendu (référence) : f0=1 f1=0 f2=0.\nObservé : %s.", decrire_table(&t));
	exiger_etat("le philosophe 1 mange, le 0 attend");
	reprendre(d.ph[1]);
	exiger_repas(&d, 1, 1);
	exiger_repas(&d, 0, 1);
	restes_attendus();
}

static void verifier_interblocage(void)
{
	enum { N = 5 };
	struct diner d = {.n = N};
	struct table t;

	etape("référence : philo creer CHEMIN 5 ; cinq philosophes naïfs (étudiant), "
	      "PHILO_PAUSE=entre-fourchettes, lancés un à un (chacun arrêté ou endormi avant le "
	      "suivant)");
	creer_reference(N);
	/* Un à un : qui obtient une fourchette disputée ne dépend pas de l'ordonnanceur. */
	for (int i = 0; i < N; i++) {
		d.ph[i] = philosophe(ETUDIANT, "naif", i, 1, "entre-fourchettes");
		attendre_immobile(&d);
	}
	for (int i = 0; i < N; i++)
		if (!attendre_arrete(d.ph[i], delai(DELAI_COURT))) {
			t = lire_table();
			montrer(d.ph[i]);
			if (posture(d.ph[i], NULL) == DANS_SEMOP && t.val[i] == 1)
				echec_table(
				    &d,
				    "Attendu : le philosophe %d prend d'abord sa fourchette gauche "
				    "(f%d), puis s'arrête au point de pause entre ses deux semop.\n"
				    "Observé : f%d est libre, mais il dort dans semop : il a "
				    "demandé "
				    "d'abord une autre fourchette que sa gauche. Le naïf prend "
				    "toujours la gauche (I) puis la droite ((I + 1) %% N), le "
				    "dernier aussi : lui faire prendre sa droite d'abord supprime "
				    "l'interblocage (c'est une solution), alors que naif doit le "
				    "montrer.",
				    i, i, i);
			echec_table(
			    &d,
			    "Attendu : le philosophe %d prend sa fourchette gauche (f%d), puis "
			    "s'arrête au point de pause entre ses deux semop.\nObservé : %s. "
			    "point_de_pause(ENTRE_FOURCHETTES) doit venir après le premier "
			    "semop et avant le second.",
			    i, i, decrire(d.ph[i]));
		}
	t = lire_table();
	int a_droite = 0;

	for (int i = 0; i < N; i++)
		a_droite += !tient(&t, &d, i, i) && tient(&t, &d, i, (i + 1) % N);
	if (a_droite == N)
		echec_table(&d,
		            "Attendu : chacun arrêté entre ses deux fourchettes tient sa gauche : "
		            "le philosophe I tient fI.\nObservé : chacun tient sa droite, "
		            "f((I + 1) %% N), au lieu de sa gauche : ses deux semop sont dans "
		            "l'ordre inverse. La fourchette gauche du philosophe I est la numéro "
		            "I, à prendre en premier.");
	for (int i = 0; i < N; i++)
		if (!tient(&t, &d, i, i) || t.val[(i + 1) % N] != 0)
			echec_table(
			    &d,
			    "Attendu : chacun arrêté entre ses deux fourchettes tient sa "
			    "gauche : le philosophe %d tient f%d (valeur 0, GETPID = son pid).\n"
			    "Observé : f%d vaut %d, modifiée en dernier par %s. La fourchette "
			    "gauche du philosophe I est la numéro I, la droite (I + 1) %% N.",
			    i, i, i, t.val[i], auteur(&d, t.pid[i]));

	etape("tous relâchés (SIGCONT) : chacun demande sa fourchette droite");
	for (int i = 0; i < N; i++)
		reprendre(d.ph[i]);
	attendre(immobile, &d, delai(DELAI_COURT));
	t = lire_table();
	exiger_portier_intact(&d, &t);
	for (int i = 0; i < N; i++) {
		long nsops = 0;

		if (posture(d.ph[i], &nsops) != DANS_SEMOP || nsops != 1) {
			montrer(d.ph[i]);
			echec_table(
			    &d,
			    "Attendu : l'interblocage : chaque philosophe, sa gauche en main, "
			    "s'endort dans un semop d'une opération sur sa droite, que tient "
			    "son voisin.\nObservé : %s.",
			    decrire(d.ph[i]));
		}
	}
	/* La veille du banc conclut d'elle-même : tous dorment, rien ne bouge. */
	exiger(!attendre_fin(d.ph[0], delai(DELAI_COURT)),
	       "Attendu : personne ne peut plus avancer.\nObservé : %s.", decrire(d.ph[0]));
	t = lire_table();
	for (int k = 0; k < N; k++)
		if (t.val[k] != 0 || t.ncnt[k] != 1)
			echec_table(&d,
			            "Attendu : chaque fourchette prise (0) et attendue par un "
			            "philosophe (GETNCNT 1).\nObservé : f%d vaut %d, GETNCNT %d.",
			            k, t.val[k], t.ncnt[k]);
	etape("philo detruire CHEMIN (référence) : les cinq reçoivent EIDRM");
	exiger_code(PHILO(REFERENCE, "detruire", NULL), 0,
	            "Attendu : la référence détruit la table (code 0).");
	for (int i = 0; i < N; i++)
		exiger(attendre_fin_sobre(d.ph[i], delai(DELAI_COURT)) && code_sortie(d.ph[i]) == 1,
		       "Attendu : la table détruite, le philosophe %d sort (EIDRM, code 1).\n"
		       "Observé : %s.",
		       i, decrire(d.ph[i]));
}

/*
 * Les fourchettes libres, le philosophe i n'a pas dormi : seule la trace de ses appels montre
 * s'il les a prises en un semop de deux opérations (F15). Sans traçage ici, rien n'est conclu.
 */
static void exiger_prise_en_un_appel(struct diner *d, int i)
{
	const struct appel_ipc *a;

	if (!trace_ou_dire(d->ph[i], "prise des deux fourchettes en un seul semop"))
		return;
	a = premier_appel(d->ph[i], &(struct motif){.appel = SYS_semop, .sem_op_negatif = true});
	if (a == NULL || a->nb_sops != 2)
		echec_table(
		    d,
		    "Attendu : le philosophe %d prend ses deux fourchettes en un seul semop de "
		    "deux opérations, même quand elles sont libres.\nObservé : sa première "
		    "prise est %s : une fourchette tenue seule, même un instant, rouvre la "
		    "porte à l'interblocage dès qu'un voisin fait de même.",
		    i, a ? decrire_appel(a) : "absente de la trace");
}

/* Le philosophe p (tracé) mange sans tenir ses deux fourchettes : si sa seule prise est un
 * semop d'une opération, le dire (nsops) ; "" sinon. */
static const char *indice_nsops(struct proc *p)
{
	static char tampon[400];
	const struct motif prise = {.appel = SYS_semop, .sem_op_negatif = true};
	const struct appel_ipc *a = trace_active(p) ? premier_appel(p, &prise) : NULL;

	if (a == NULL || a->nb_sops != 1 || compter_appels(p, &prise) != 1)
		return "";
	snprintf(tampon, sizeof tampon,
	         " Sa seule prise, %s, ne porte qu'une opération : le troisième argument de "
	         "semop, nsops, est le nombre d'opérations du tableau (2 ici), pas le nombre "
	         "d'appels.",
	         decrire_appel(a));
	return tampon;
}

/* Le philosophe i (tracé, fini) a reposé ses deux fourchettes en un seul semop de deux
 * opérations +1 (F16) ; sans traçage ici, rien n'est conclu. */
static void exiger_pose_en_un_appel(struct diner *d, int i)
{
	const struct appel_ipc *a;

	if (!trace_active(d->ph[i]))
		return;
	a = premier_appel(d->ph[i], &(struct motif){.appel = SYS_semop, .sem_op_positif = true});
	if (a == NULL || a->nb_sops != 2 || a->sops_lus != 2 || a->sops[0].sem_op != 1 ||
	    a->sops[1].sem_op != 1 || a->sops[0].sem_num == a->sops[1].sem_num)
		echec_table(
		    d,
		    "Attendu : le philosophe %d repose ses deux fourchettes en un seul semop de "
		    "deux opérations (+1 sur chacune), comme il les a prises.\nObservé : sa "
		    "première repose est %s : les fourchettes reposées une à une. Entre deux "
		    "semop, il garde une fourchette sans manger ; le contrat demande un seul "
		    "semop, tout ou rien.",
		    i, a ? decrire_appel(a) : "absente de la trace");
}

static void verifier_atomique(void)
{
	struct diner d = {.n = 3};
	struct table t;
	long nsops = 0;

	etape("référence : philo creer CHEMIN 3 ; le philosophe 1 (étudiant, diner) arrêté en "
	      "mangeant");
	tracer_lancements(TRACER_SI_ETUDIANT); /* ses semop, même ceux qui ne dorment pas */
	creer_reference(3);
	d.ph[1] = philosophe(ETUDIANT, "diner", 1, 1, "mange");
	if (!attendre_arrete(d.ph[1], delai(DELAI_COURT))) {
		montrer(d.ph[1]);
		echec_table(
		    &d,
		    "Attendu : le philosophe 1 prend ses deux fourchettes, affiche « 1 mange » "
		    "et s'arrête au point de pause (PHILO_PAUSE=mange).\nObservé : %s.",
		    decrire(d.ph[1]));
	}
	t = lire_table();
	if (!tient(&t, &d, 1, 1) || !tient(&t, &d, 1, 2) || t.val[0] != 1)
		echec_table(&d,
		            "Attendu : en mangeant, le philosophe 1 tient f1 et f2 (valeur 0, "
		            "GETPID = son pid), f0 reste libre.\nObservé : %s%s.%s",
		            non_tenues(&t, &d, 1), t.val[0] != 1 ? " ; f0 n'est plus libre" : "",
		            indice_nsops(d.ph[1]));
	exiger(compter(d.ph[1], "1 mange") == 1,
	       "Attendu : « 1 mange » affiché avant le point de pause.\nObservé : « %s ».",
	       sortie(d.ph[1]));
	exiger_prise_en_un_appel(&d, 1);

	etape("les philosophes 0 et 2 (étudiant, diner) arrivent : chacun a une fourchette libre "
	      "(f0), l'autre est tenue par le 1");
	for (int i = 0; i <= 2; i += 2) {
		d.ph[i] = philosophe(ETUDIANT, "diner", i, 1, NULL);
		if (!attendre_bloque(d.ph[i], SYS_semop, delai(DELAI_COURT))) {
			montrer(d.ph[i]);
			echec_table(
			    &d, "Attendu : le philosophe %d s'endort dans semop.\nObservé : %s.%s",
			    i, decrire(d.ph[i]), termine(d.ph[i]) ? indice_semop(d.ph[i]) : "");
		}
		t = lire_table();
		if (t.val[0] != 1)
			echec_table(
			    &d,
			    "Attendu : en attendant, le philosophe %d ne tient aucune "
			    "fourchette : f0 reste à 1, car un seul semop demande les deux, et "
			    "le noyau n'en donne aucune tant qu'il ne peut pas donner les deux."
			    "\nObservé : f0 vaut %d : il attend en tenant une fourchette (deux "
			    "semop ?), ce qui permet l'interblocage.",
			    i, t.val[0]);
		if (posture(d.ph[i], &nsops) == DANS_SEMOP && nsops != 2)
			echec_table(
			    &d,
			    "Attendu : le philosophe %d dort dans un semop de deux opérations "
			    "(ses deux fourchettes).\nObservé : %ld opération(s).",
			    i, nsops);
	}
	etape("le philosophe 1 relâché : tous mangent, l'un après l'autre");
	reprendre(d.ph[1]);
	for (int i = 0; i < 3; i++)
		exiger_repas(&d, i, 1);
	t = lire_table();
	exiger(t.existe && t.val[0] == 1 && t.val[1] == 1 && t.val[2] == 1,
	       "Attendu : toutes les fourchettes reposées (1) après les repas.\nObservé : %s.%s",
	       decrire_table(&t),
	       t.val[0] > 1 || t.val[1] > 1 || t.val[2] > 1
	           ? " Une fourchette au-dessus de 1 : à la sortie de chaque philosophe, le noyau "
	             "a encore annulé ses prises (SEM_UNDO) qu'aucune repose avec SEM_UNDO ne "
	             "compensait."
	           : "");
	exiger_pose_en_un_appel(&d, 1);
	restes_attendus();
}

/* Stratégie de l'ordonnanceur adverse : qui relancer parmi ceux qui mangent. */
enum strategie { PLUS_PETIT, PLUS_GRAND, ALTERNE };

/* Vérifie la table immobile : voisins, fourchettes tenues, pas d'interblocage ; renvoie le
 * nombre de philosophes arrêtés en mangeant (dans mangeurs). */
static int controler(struct diner *d, int *mangeurs)
{
	struct table t = lire_table();
	int nb = 0, vivants = 0;

	exiger_portier_intact(d, &t);
	for (int i = 0; i < d->n; i++) {
		enum posture p = d->ph[i] ? posture(d->ph[i], NULL) : FINI;

		if (p != FINI)
			vivants++;
		if (p == ARRETE)
			mangeurs[nb++] = i;
	}
	for (int a = 0; a < nb; a++) {
		int i = mangeurs[a];

		if (!tient(&t, d, i, i) || !tient(&t, d, i, (i + 1) % d->n))
			echec_table(
			    d,
			    "Attendu : le philosophe %d, arrêté en mangeant, tient ses deux "
			    "fourchettes.\nObservé : %s.",
			    i, non_tenues(&t, d, i));
		for (int b = 0; b < nb; b++)
			if (mangeurs[b] == (i + 1) % d->n && mangeurs[b] != i)
				echec_table(
				    d,
				    "Attendu : deux voisins ne mangent jamais ensemble.\n"
				    "Observé : les philosophes %d et %d, voisins, sont tous "
				    "deux arrêtés en mangeant : ils partagent f%d.",
				    i, mangeurs[b], mangeurs[b]);
	}
	for (int k = 0; k < d->n; k++) {
		bool tenue = false;

		for (int a = 0; a < nb; a++)
			tenue = tenue || mangeurs[a] == k || (mangeurs[a] + 1) % d->n == k;
		if (!tenue && t.val[k] != 1)
			echec_table(
			    d,
			    "Attendu : une fourchette qu'aucun mangeur ne tient est libre (1).\n"
			    "Observé : f%d vaut %d : un philosophe la garde sans manger (prise "
			    "en attendant l'autre ?), ou ne l'a pas reposée.",
			    k, t.val[k]);
	}
	if (nb == 0 && vivants > 0)
		echec_table(d, "Attendu : la table ne se fige jamais avec diner.\nObservé : "
		               "interblocage : les philosophes encore à table dorment tous dans "
		               "semop et personne ne mange.");
	return nb;
}

/*
 * Relance le philosophe k seul : ceux qui dorment dans semop sont d'abord arrêtés (SIGSTOP les
 * sort de la file d'attente du noyau, qui ne leur donnera donc rien), k repart jusqu'à son
 * prochain arrêt, puis chacun des autres est relancé à son tour, dans l'ordre des numéros, et
 * refait son semop (qui a échoué avec EINTR). Un seul processus avance à la fois : l'état
 * obtenu ne dépend pas de l'ordonnanceur du système.
 */
static void relancer(struct diner *d, int k)
{
	bool geles[MAX_PHILOS] = {false};

	for (int j = 0; j < d->n; j++)
		if (j != k && d->ph[j] && posture(d->ph[j], NULL) == DANS_SEMOP) {
			suspendre(d->ph[j]);
			geles[j] = true;
		}
	reprendre(d->ph[k]);
	attendre_immobile(d);
	for (int j = 0; j < d->n; j++)
		if (geles[j]) {
			reprendre(d->ph[j]);
			attendre_immobile(d);
		}
}

/* n philosophes (diner, étudiant) arrêtés à chaque repas ; l'ordonnanceur relance l'un des
 * mangeurs selon la stratégie, jusqu'à la fin. */
static void ordonnancer(int n, enum strategie s)
{
	static const char *const noms[] = {"le plus petit d'abord", "le plus grand d'abord",
	                                   "tour à tour le plus petit et le plus grand"};
	enum { R = 2 };
	struct diner d = {.n = n};
	int mangeurs[MAX_PHILOS], tour = 0;

	etape("N = %d, philosophes lancés un à un (étudiant, diner, %d repas, "
	      "PHILO_PAUSE=mange) ; relancés %s",
	      n, R, noms[s]);
	creer_reference(n);
	for (int i = 0; i < n; i++) {
		d.ph[i] = philosophe(ETUDIANT, "diner", i, R, "mange");
		attendre_immobile(&d);
		controler(&d, mangeurs);
	}
	for (int pas = 0; pas < n * R + 2; pas++) {
		int nb;

		attendre_immobile(&d);
		nb = controler(&d, mangeurs);
		if (nb == 0)
			break;
		relancer(&d, s == PLUS_PETIT                 ? mangeurs[0]
		             : s == PLUS_GRAND || tour++ % 2 ? mangeurs[nb - 1]
		                                             : mangeurs[0]);
	}
	for (int i = 0; i < n; i++)
		exiger_repas(&d, i, R);
	supprimer_objets();
}

static void verifier_ordonnancements(void)
{
	ordonnancer(2, PLUS_PETIT);
	ordonnancer(3, PLUS_GRAND);
	ordonnancer(5, ALTERNE);
	ordonnancer(5, PLUS_PETIT);
}

/* Lance le philosophe i de l'étudiant (version, r repas) et exige qu'il s'arrête en mangeant. */
static void arreter_en_mangeant(struct diner *d, int i, const char *version, int r)
{
	d->ph[i] = philosophe(ETUDIANT, version, i, r, "mange");
	if (!attendre_arrete(d->ph[i], delai(DELAI_COURT)))
		echec_table(d,
		            "Attendu : le philosophe %d (%s) s'arrête en mangeant.\nObservé : %s.",
		            i, version, decrire(d->ph[i]));
}

/* Tue le philosophe i (SIGKILL), attend sa fin ; rend la table alors. */
static struct table tuer(struct diner *d, int i)
{
	envoyer_signal(d->ph[i], SIGKILL);
	exiger_fin(d->ph[i], "Attendu : le philosophe tué se termine.");
	return lire_table();
}

static void verifier_sem_undo(void)
{
	struct diner d = {.n = 3};
	struct table t;

	etape("référence : philo creer CHEMIN 3 ; le philosophe 0 (étudiant, diner) arrêté en "
	      "mangeant, puis tué (SIGKILL)");
	creer_reference(3);
	arreter_en_mangeant(&d, 0, "diner", 1);
	t = tuer(&d, 0);
	exiger(t.existe && t.val[0] == 1 && t.val[1] == 1 && t.val[2] == 1,
	       "Attendu : tué en mangeant, le philosophe rend ses deux fourchettes : le noyau "
	       "annule ses opérations faites avec SEM_UNDO (f0=1 f1=1 f2=1).\nObservé : %s. "
	       "Sans SEM_UNDO, ses voisins attendraient pour toujours.",
	       decrire_table(&t));

	etape("le philosophe 0 (étudiant, 2 repas) mange une fois ; le 1 (référence) prend la "
	      "main et s'arrête en mangeant ; le 0 attend son second repas, puis est tué");
	arreter_en_mangeant(&d, 0, "diner", 2);
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_bloque(d.ph[1], SYS_semop, delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 1 attend f1.\nObservé : %s.", decrire(d.ph[1]));
	reprendre(d.ph[0]);
	if (!attendre_arrete(d.ph[1], delai(DELAI_COURT)) ||
	    !attendre_bloque(d.ph[0], SYS_semop, delai(DELAI_COURT)))
		echec_table(&d,
		            "Attendu : le philosophe 0 repose ses fourchettes ; le 1 (référence) "
		            "les obtient et s'arrête en mangeant ; le 0 attend pour son second "
		            "repas.\nObservé : %s ; %s.",
		            decrire(d.ph[0]), decrire(d.ph[1]));
	t = lire_table();
	exiger(t.val[0] == 1 && t.val[1] == 0 && t.val[2] == 0,
	       "Attendu : f0=1 (libre) f1=0 f2=0 (tenues par le 1).\nObservé : %s.",
	       decrire_table(&t));
	t = tuer(&d, 0);
	if (t.val[0] != 1 || t.val[1] != 0 || t.val[2] != 0)
		echec_table(&d,
		            "Attendu : tué en attendant, le philosophe ne change rien : f0=1 f1=0 "
		            "f2=0, comme avant.\nObservé : %s. Le noyau a appliqué à sa mort des "
		            "compensations SEM_UNDO qui ne s'équilibrent pas : prises et reposes "
		            "doivent porter toutes deux SEM_UNDO.",
		            decrire_table(&t));
	reprendre(d.ph[1]);
	exiger_repas(&d, 1, 1);
	t = lire_table();
	exiger(t.val[0] == 1 && t.val[1] == 1 && t.val[2] == 1,
	       "Attendu : toutes les fourchettes libres à la fin.\nObservé : %s.",
	       decrire_table(&t));

	etape("le philosophe 2 (étudiant, naif) arrêté en mangeant, puis tué (SIGKILL)");
	arreter_en_mangeant(&d, 2, "naif", 1);
	t = tuer(&d, 2);
	exiger(t.existe && t.val[0] == 1 && t.val[1] == 1 && t.val[2] == 1,
	       "Attendu : tué en mangeant, le philosophe naïf rend lui aussi ses deux fourchettes "
	       "(f0=1 f1=1 f2=1) : ses deux prises, un semop chacune, portent SEM_UNDO comme "
	       "celles de diner.\nObservé : %s. Sans SEM_UNDO, une fourchette prise n'est "
	       "jamais rendue si son philosophe meurt.",
	       decrire_table(&t));
	restes_attendus();
}

/* Exige que p, endormi quand la table a été détruite, sorte avec le code 1 et un message. */
static void exiger_eidrm(struct proc *p, int i)
{
	char mange[32];

	snprintf(mange, sizeof mange, "%d mange", i);
	exiger(attendre_fin_sobre(p, delai(DELAI_COURT)),
	       "Attendu : le philosophe %d se termine aussitôt la table détruite (semop échoue "
	       "avec EIDRM).\nObservé : %s. Relancer semop après EIDRM ne finit jamais.",
	       i, decrire(p));
	exiger(code_sortie(p) == 1,
	       "Attendu : table détruite pendant l'attente → code 1.\nObservé : %s ; sortie "
	       "« %s ». EIDRM est un échec, pas un repas.",
	       decrire(p), sortie(p));
	exiger(erreurs(p)[0] != '\0',
	       "Attendu : le philosophe %d dit sur sa sortie d'erreur que la table a été "
	       "détruite.\nObservé : rien.",
	       i);
	exiger(compter(p, mange) == 0,
	       "Attendu : le philosophe %d, réveillé par EIDRM, n'affiche pas « %s ».\n"
	       "Observé : « %s ».",
	       i, mange, sortie(p));
}

/* Exige que p, relancé après la destruction de la table, sorte avec le code 1 et un message :
 * son semop suivant (pour quoi) échoue avec EINVAL. Sans « I mange » si sans_repas. */
static void exiger_einval(struct proc *p, int i, const char *quoi, bool sans_repas)
{
	char mange[32];

	snprintf(mange, sizeof mange, "%d mange", i);
	if (!attendre_fin_sobre(p, delai(DELAI_COURT))) {
		montrer(p);
		echec("Attendu : le philosophe %d, relancé après la destruction de la table, se "
		      "termine aussitôt : son semop pour %s échoue avec EINVAL (l'ensemble "
		      "n'existe plus).\nObservé : %s. EINVAL se traite comme EIDRM : la table a "
		      "disparu, relancer semop ne réussira jamais.",
		      i, quoi, decrire(p));
	}
	if (code_sortie(p) != 1) {
		montrer(p);
		echec("Attendu : table détruite avant son semop (EINVAL) → code 1.\nObservé : "
		      "%s. EINVAL se traite comme EIDRM : un échec, pas un repas.",
		      decrire(p));
	}
	exiger(erreurs(p)[0] != '\0',
	       "Attendu : le philosophe %d dit sur sa sortie d'erreur que la table a été "
	       "détruite (semop : EINVAL).\nObservé : rien.",
	       i);
	if (sans_repas && compter(p, mange) != 0) {
		montrer(p);
		echec(
		    "Attendu : le philosophe %d, sans sa fourchette droite (EINVAL), n'affiche pas "
		    "« %s ».\nObservé : « %s ».",
		    i, mange, sortie(p));
	}
}

static void verifier_eidrm(void)
{
	struct diner d = {.n = 3};

	etape("référence : philo creer CHEMIN 3 ; le 1 (référence) arrêté en mangeant ; le 0 "
	      "(étudiant, diner) et le 2 (étudiant, naif) endormis");
	creer_reference(3);
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_arrete(d.ph[1], delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 1 s'arrête en mangeant.\nObservé : %s.",
	       decrire(d.ph[1]));
	d.ph[0] = philosophe(ETUDIANT, "diner", 0, 1, NULL);
	d.ph[2] = philosophe(ETUDIANT, "naif", 2, 1, NULL);
	for (int i = 0; i <= 2; i += 2)
		if (!attendre_bloque(d.ph[i], SYS_semop, delai(DELAI_COURT)) && termine(d.ph[i])) {
			/* L'autre, lancé en même temps, dort-il déjà ? Le dessin attend qu'il
			 * soit fixé. */
			attendre(immobile, &d, delai(DELAI_COURT));
			montrer(d.ph[i]);
			echec_table(&d,
			            "Attendu : le philosophe %d attend ses fourchettes.\n"
			            "Observé : %s.",
			            i, decrire(d.ph[i]));
		}
	etape("philo detruire CHEMIN (référence)");
	exiger_code(PHILO(REFERENCE, "detruire", NULL), 0,
	            "Attendu : la référence détruit la table (code 0).");
	exiger_eidrm(d.ph[0], 0);
	exiger_eidrm(d.ph[2], 2);
	reprendre(d.ph[1]);
	exiger_fin(d.ph[1], "Attendu : le philosophe 1 (référence) se termine.");
	exiger_aucun_objet("après la destruction");

	/* Déjà détruite à l'appel : semop échoue avec EINVAL, non EIDRM (SUJETS, le contrat). */
	struct diner e = {.n = 4};

	etape("référence : philo creer CHEMIN 4 ; le 0 (étudiant, naif) arrêté entre ses "
	      "fourchettes, le 2 (étudiant, diner) arrêté en mangeant ; la table détruite "
	      "(référence), puis les deux relancés : leur semop suivant échoue avec EINVAL");
	creer_reference(4);
	e.ph[0] = philosophe(ETUDIANT, "naif", 0, 1, "entre-fourchettes");
	e.ph[2] = philosophe(ETUDIANT, "diner", 2, 1, "mange");
	for (int i = 0; i <= 2; i += 2)
		if (!attendre_arrete(e.ph[i], delai(DELAI_COURT))) {
			montrer(e.ph[i]);
			echec_table(&e,
			            "Attendu : le philosophe %d s'arrête au point de pause "
			            "(PHILO_PAUSE=%s).\nObservé : %s.",
			            i, i == 0 ? "entre-fourchettes" : "mange", decrire(e.ph[i]));
		}
	exiger_code(PHILO(REFERENCE, "detruire", NULL), 0,
	            "Attendu : la référence détruit la table (code 0).");
	for (int i = 0; i <= 2; i += 2)
		reprendre(e.ph[i]);
	exiger_einval(e.ph[0], 0, "prendre sa fourchette droite", true);
	exiger_einval(e.ph[2], 2, "reposer ses fourchettes", false);
	exiger_aucun_objet("après la destruction");
}

static void verifier_detruire(void)
{
	struct diner d = {.n = 3};
	struct table t;
	struct proc *p;

	etape("référence : philo creer CHEMIN 3 ; le 1 (référence) arrêté en mangeant, le 0 "
	      "(référence) endormi");
	creer_reference(3);
	d.ph[1] = philosophe(REFERENCE, "diner", 1, 1, "mange");
	exiger(attendre_arrete(d.ph[1], delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 1 s'arrête en mangeant.\nObservé : %s.",
	       decrire(d.ph[1]));
	d.ph[0] = philosophe(REFERENCE, "diner", 0, 1, NULL);
	exiger(attendre_bloque(d.ph[0], SYS_semop, delai(DELAI_COURT)),
	       "Attendu (référence) : le philosophe 0 attend.\nObservé : %s.", decrire(d.ph[0]));

	etape("philo detruire CHEMIN (étudiant)");
	p = PHILO(ETUDIANT, "detruire", NULL);
	exiger_code(p, 0, "Attendu : detruire réussit (code 0) quand la table existe.");
	t = lire_table();
	exiger(!t.existe,
	       "Attendu : plus de table après detruire : semctl(semid, 0, IPC_RMID).\n"
	       "Observé : %s.",
	       decrire_table(&t));
	exiger(attendre_fin(d.ph[0], delai(DELAI_COURT)) && code_sortie(d.ph[0]) == 1,
	       "Attendu : le philosophe qui attendait se réveille (EIDRM, code 1).\nObservé : %s.",
	       decrire(d.ph[0]));
	reprendre(d.ph[1]);
	exiger_fin(d.ph[1], "Attendu : le philosophe 1 (référence) se termine.");

	etape("philo detruire CHEMIN (étudiant) une seconde fois");
	p = PHILO(ETUDIANT, "detruire", NULL);
	exiger_code(p, 1, "Attendu : detruire échoue (code 1) quand la table n'existe plus.");
	exiger_aucun_objet("après detruire");
}

/* Une invocation invalide : ses arguments (après argv[0]), terminés par NULL. */
struct invalide {
	const char *args[7];
};

/* Lance chaque cas ; exige usage, code 2 ; puis que rien ne change (verif). */
static void essayer_invalides(const struct invalide *cas, size_t nb, void (*verif)(void))
{
	for (size_t i = 0; i < nb; i++) {
		struct proc *p = noter(lancer_ex(&(struct lancement){
		    .origine = ETUDIANT, .prog = "philo", .args = cas[i].args}));
		char commande[600] = "philo";

		for (const char *const *a = cas[i].args; *a != NULL; a++)
			snprintf(commande + strlen(commande), sizeof commande - strlen(commande),
			         **a ? " %s" : " \"%s\"", *a);
		exiger_fin(p, "Attendu : des arguments invalides sont refusés aussitôt (code 2).");
		if (code_sortie(p) != 2) {
			montrer(p);
			echec("Attendu : « %s » → usage sur la sortie d'erreur, code 2, sans rien "
			      "créer ni changer.\nObservé : %s.",
			      commande, decrire(p));
		}
		exiger(strstr(erreurs(p), "usage") != NULL,
		       "Attendu : « %s » → le message d'usage sur la sortie d'erreur.\n"
		       "Observé : « %s ».",
		       commande, erreurs(p));
		verif();
	}
}

static void aucun_objet(void)
{
	exiger_aucun_objet("après des arguments invalides");
}

static struct table table_de_depart;

static void table_intacte(void)
{
	struct table t = lire_table();

	exiger(t.existe && memcmp(t.val, table_de_depart.val, sizeof t.val) == 0 &&
	           memcmp(t.pid, table_de_depart.pid, sizeof t.pid) == 0,
	       "Attendu : des arguments invalides ne touchent pas à la table (%s).\n"
	       "Observé : %s, ou un semop a eu lieu (GETPID a changé).",
	       decrire_table(&table_de_depart), decrire_table(&t));
}

static void verifier_arguments(void)
{
	const char *k = chemin_cle();
	const struct invalide sans_table[] = {
	    {{NULL}},
	    {{"inconnu", k, NULL}},
	    {{"creer", k, NULL}},
	    {{"creer", k, "1", NULL}},
	    {{"creer", k, "33", NULL}},
	    {{"creer", k, "-2", NULL}},
	    {{"creer", k, "3x", NULL}},
	    {{"creer", k, "", NULL}},
	    {{"creer", k, "3", "4", NULL}},
	    {{"diner", k, "0", NULL}},
	    {{"diner", k, "0", "0", NULL}},
	    {{"naif", k, "0", "-1", NULL}},
	    {{"diner", k, "-1", "1", NULL}},
	    {{"diner", k, "x", "1", NULL}},
	    {{"etat", NULL}},
	    {{"detruire", k, "x", NULL}},
	};
	const struct invalide avec_table[] = {
	    {{"naif", k, "3", "1", NULL}},   {{"diner", k, "3", "1", NULL}},
	    {{"diner", k, "31", "1", NULL}}, {{"diner", k, "0", "0", NULL}},
	    {{"creer", k, "40", NULL}},
	};

	etape("arguments invalides sans table : rien ne doit être créé");
	essayer_invalides(sans_table, NB_ELEMENTS(sans_table), aucun_objet);
	etape("référence : philo creer CHEMIN 3 ; I >= N, R < 1 : la table ne doit pas changer");
	creer_reference(3);
	table_de_depart = lire_table();
	essayer_invalides(avec_table, NB_ELEMENTS(avec_table), table_intacte);
	restes_attendus();
}

static void verifier_nettoyage(void)
{
	struct diner d = {.n = 3};
	struct proc *p;

	exiger_aucune_fuite_precedente();
	etape("scénario complet avec les seuls programmes de l'étudiant : creer, trois diner l'un "
	      "après l'autre, etat, detruire");
	exiger_code(PHILO(ETUDIANT, "creer", "3"), 0, "Attendu : creer réussit (code 0).");
	/* L'un après l'autre : ensemble, ils se disputeraient les fourchettes au gré de
	 * l'ordonnanceur, et un rendu fautif (IPC_NOWAIT) y raterait ou non selon la charge ;
	 * l'item ne juge que le ménage, et les ordonnancements ont leur item. */
	for (int i = 0; i < 3; i++) {
		d.ph[i] = philosophe(ETUDIANT, "diner", i, 20, NULL);
		exiger_repas(&d, i, 20);
	}
	exiger_code(PHILO(ETUDIANT, "etat", NULL), 0, "Attendu : etat réussit (code 0).");
	exiger_code(PHILO(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	exiger_aucun_objet("après creer, trois diner, etat et detruire");

	etape("philo etat CHEMIN sans table : ne doit rien créer");
	p = PHILO(ETUDIANT, "etat", NULL);
	exiger(attendre_fin(p, delai(DELAI_COURT)),
	       "Attendu : etat se termine aussitôt.\nObservé : %s.", decrire(p));
	exiger_aucun_objet("après etat sans table (semget sans IPC_CREAT)");
}

/* philo ARGS... sous valgrind (env : NULL ou une variable), même sans VALGRIND=1. */
static struct proc *sous_vg[8];
static int nb_sous_vg;

static struct proc *sous_valgrind(const char *const *args, const char *const *env)
{
	struct proc *p = noter(lancer_ex(&(struct lancement){
	    .origine = ETUDIANT, .prog = "philo", .args = args, .env = env, .valgrind = true}));

	if (nb_sous_vg < (int)NB_ELEMENTS(sous_vg))
		sous_vg[nb_sous_vg++] = p;
	return p;
}

/* Le scénario sous valgrind a échoué : une erreur que memcheck a déjà signalée pour un programme
 * fini (un sem_flg jamais initialisé, par exemple) l'explique souvent ; elle passe d'abord. */
static void memcheck_des_finis(void)
{
	const char *extrait;
	bool signale = false;

	for (int i = 0; i < nb_sous_vg; i++)
		signale =
		    signale || (termine(sous_vg[i]) && erreurs_valgrind(sous_vg[i], &extrait));
	if (!signale)
		return;
	/* Le rapport ne dépend pas de qui a fini le premier : chacun finit, ou reste figé. */
	for (int i = 0; i < nb_sous_vg; i++)
		attendre_fin(sous_vg[i], delai(5 * DELAI_COURT));
	for (int i = 0; i < nb_sous_vg; i++)
		if (termine(sous_vg[i]))
			exiger_memcheck(sous_vg[i]);
}

static void exiger_code_vg(struct proc *p, int code, const char *attendu)
{
	if (!attendre_fin(p, delai(5 * DELAI_COURT)) || code_sortie(p) != code)
		memcheck_des_finis();
	exiger_code(p, code, attendu);
}

static void verifier_valgrind(void)
{
	static const char *const mange[] = {"PHILO_PAUSE=mange", NULL};
	const char *k = chemin_cle();
	struct diner d = {.n = 4};
	struct proc *p[4];

	/* Trois temps au lieu de cinq : memcheck démarre lentement, les philosophes et etat
	 * démarrent ensemble. Sans fourchette commune (f0 f1 pour le 0, f2 f3 pour le 2), ce
	 * qui se passe ne dépend pas de qui démarre le premier, même pour un rendu fautif. */
	etape("sous valgrind : creer 4 ; puis ensemble diner 0 (arrêté en mangeant), naif 2 et "
	      "etat ; puis detruire");
	p[0] = sous_valgrind((const char *const[]){"creer", k, "4", NULL}, NULL);
	exiger_code_vg(p[0], 0, "Attendu : creer réussit sous valgrind (code 0).");
	d.ph[0] = sous_valgrind((const char *const[]){"diner", k, "0", "1", NULL}, mange);
	d.ph[2] = sous_valgrind((const char *const[]){"naif", k, "2", "1", NULL}, NULL);
	p[1] = sous_valgrind((const char *const[]){"etat", k, NULL}, NULL);
	if (!attendre_arrete(d.ph[0], delai(5 * DELAI_COURT))) {
		memcheck_des_finis();
		echec("Attendu : le philosophe 0 (sous valgrind) s'arrête en mangeant.\nObservé : "
		      "%s.",
		      decrire(d.ph[0]));
	}
	reprendre(d.ph[0]);
	exiger_code_vg(p[1], 0, "Attendu : etat réussit sous valgrind (code 0).");
	exiger_code_vg(d.ph[2], 0, "Attendu : le philosophe 2 finit sous valgrind (code 0).");
	exiger_code_vg(d.ph[0], 0, "Attendu : le philosophe 0 finit sous valgrind (code 0).");
	p[2] = sous_valgrind((const char *const[]){"detruire", k, NULL}, NULL);
	exiger_code_vg(p[2], 0, "Attendu : detruire réussit sous valgrind (code 0).");
	for (int i = 0; i < 3; i++)
		exiger_memcheck(p[i]);
	exiger_memcheck(d.ph[0]);
	exiger_memcheck(d.ph[2]);
	exiger_aucun_objet("après le scénario sous valgrind");
}

/* ---- Bonus ---- */

/* La table figée du portier : pourquoi personne ne mange (une fourchette ou une place que le
 * noyau n'a pas rendues), ou "" si rien de tel ne se voit. */
static const char *cause_portier(struct diner *d, const struct table *t)
{
	static char tampon[600];
	bool tenue = false;

	for (int k = 0; k < d->n; k++) {
		struct proc *p = connu(t->pid[k]);

		for (int i = 0; i < d->n; i++)
			if (p != NULL && d->ph[i] == p && t->val[k] == 0 && termine(p)) {
				snprintf(
				    tampon, sizeof tampon,
				    " f%d est à 0, modifiée en dernier par le philosophe %d, "
				    "qui a fini : à sa sortie, le noyau a annulé ses opérations "
				    "faites avec SEM_UNDO, qui ne s'équilibraient pas (prises sans "
				    "SEM_UNDO, reposes avec ?).",
				    k, i);
				return tampon;
			}
		tenue = tenue || t->val[k] == 0;
	}
	if (!tenue && t->val[d->n] == 0) {
		snprintf(tampon, sizeof tampon,
		         " Le portier est à 0 alors que personne n'est à table (toutes les "
		         "fourchettes à 1) : une place n'a pas été rendue. poser_portier rend la "
		         "place (+1 sur le portier, sémaphore %d) dans le même semop que les "
		         "fourchettes, à chaque repas.",
		         d->n);
		return tampon;
	}
	return "";
}

static void verifier_portier(void)
{
	enum { N = 3, R = 2 };
	struct diner d = {.n = N};
	struct table t;
	int arretes = 0, mangeurs[MAX_PHILOS];

	etape("référence : philo creer CHEMIN 3 ; trois philosophes (étudiant, portier, %d repas), "
	      "PHILO_PAUSE=entre-fourchettes, lancés un à un",
	      R);
	creer_reference(N);
	for (int i = 0; i < N; i++) {
		d.ph[i] = philosophe(ETUDIANT, "portier", i, R, "entre-fourchettes");
		attendre_immobile(&d);
	}
	t = lire_table();
	for (int i = 0; i < N; i++)
		arretes += posture(d.ph[i], NULL) == ARRETE;
	if (arretes != N - 1 || t.val[N] != 0 || t.ncnt[N] != 1)
		echec_table(&d,
		            "Attendu : le portier laisse entrer N - 1 = %d philosophes (arrêtés "
		            "entre leurs fourchettes) ; le dernier attend à la porte (portier à 0, "
		            "GETNCNT 1).\nObservé : %d arrêté(s), portier à %d, GETNCNT %d.",
		            N - 1, arretes, t.val[N], t.ncnt[N]);
	etape("tous relâchés à chaque arrêt : personne ne reste bloqué");
	for (int pas = 0; pas < 4 * N * R; pas++) {
		int nb = 0, vivants = 0;

		attendre_immobile(&d);
		for (int i = 0; i < N; i++) {
			enum posture p = posture(d.ph[i], NULL);

			vivants += p != FINI;
			if (p == ARRETE)
				mangeurs[nb++] = i;
		}
		if (vivants == 0)
			break;
		if (nb == 0) {
			t = lire_table();
			echec_table(&d,
			            "Attendu : avec le portier, jamais d'interblocage.\nObservé : "
			            "tous dorment dans semop.%s",
			            cause_portier(&d, &t));
		}
		relancer(&d, mangeurs[0]);
	}
	for (int i = 0; i < N; i++)
		exiger_repas(&d, i, R);
	t = lire_table();
	exiger(t.val[N] == N - 1,
	       "Attendu : le portier revient à %d quand tous sont sortis.\nObservé : %s.", N - 1,
	       decrire_table(&t));
	restes_attendus();
}

static const struct item items[] = {
    {"creation", 2, "creer : clé ftok(CHEMIN, 'P'), N + 1 sémaphores, mode 0600, SETALL",
     "semget(ftok(CHEMIN, 'P'), N + 1, IPC_CREAT | IPC_EXCL | 0600), puis un seul "
     "semctl(SETALL) : 1 par fourchette, N - 1 pour le portier (cours : « Initialisation »).",
     verifier_creation, NOTE},
    {"deja_cree", 1, "creer refusé quand la table existe, sans toucher au dîner en cours",
     "IPC_EXCL fait échouer semget avec EEXIST : ne jamais réinitialiser la table d'un autre.",
     verifier_deja_cree, NOTE},
    {"absent", 1, "naif, diner, etat et detruire échouent (code 1) sans table, sans rien créer",
     "Pour retrouver une table existante : semget(cle, 0, 0), sans IPC_CREAT.", verifier_absent,
     NOTE},
    {"etat", 2, "etat affiche valeur, GETNCNT et GETPID de chaque fourchette, puis le portier",
     "Format : « fourchette K valeur V attente A pid P » puis « portier valeur V attente A » ; "
     "semctl(semid, k, GETVAL), GETNCNT, GETPID.",
     verifier_etat, NOTE},
    {"interblocage", 3,
     "naif s'interbloque quand chacun tient sa fourchette gauche (point de pause entre les "
     "deux semop)",
     "naif : un semop pour la gauche (I), point_de_pause(ENTRE_FOURCHETTES), un semop pour la "
     "droite ((I + 1) % N). Chacun tient une fourchette et attend celle du voisin : le cycle "
     "de l'interblocage.",
     verifier_interblocage, NOTE},
    {"atomique", 2,
     "diner prend les deux fourchettes en un seul semop : en attendant, il n'en tient aucune",
     "Un semop de deux opérations (-1 sur I, -1 sur (I + 1) % N) : le noyau applique tout ou "
     "rien, il ne garde jamais une fourchette en attendant l'autre (cours : « Opérations »).",
     verifier_atomique, NOTE},
    {"ordonnancements", 2,
     "diner, N = 2, 3, 5 sous des ordonnancements imposés : jamais d'interblocage ni deux "
     "voisins à table",
     "Les fourchettes du philosophe I sont I et (I + 1) % N, prises et reposées ensemble.",
     verifier_ordonnancements, NOTE},
    {"sem_undo", 2,
     "SEM_UNDO : tué en mangeant, un philosophe rend ses fourchettes ; tué en attendant, il ne "
     "change rien",
     "SEM_UNDO sur les prises ET sur les reposes : le noyau annule à la mort la somme de ses "
     "opérations, nulle après chaque repas complet.",
     verifier_sem_undo, NOTE},
    {"eidrm", 1, "table détruite pendant l'attente : le philosophe le dit et sort (code 1)",
     "semop échoue avec EIDRM (ou EINVAL) quand l'ensemble est supprimé : message, puis code 1 ; "
     "ne pas relancer semop.",
     verifier_eidrm, NOTE},
    {"detruire", 1, "detruire supprime la table et réveille les philosophes ; absente : code 1",
     "semctl(semid, 0, IPC_RMID).", verifier_detruire, NOTE},
    {"arguments", 1, "arguments invalides (N, I >= N, R < 1...) : usage, code 2, rien de changé",
     "Vérifier les arguments avant tout semop (argument_entier, usage) ; I se compare au N de "
     "la table (IPC_STAT, sem_nsems).",
     verifier_arguments, NOTE},
    {"nettoyage", 1, "aucun objet IPC laissé derrière soi",
     "detruire supprime la table ; naif, diner et etat ne créent rien.", verifier_nettoyage, NOTE},
    {"valgrind", 1, "valgrind (memcheck) ne signale aucune erreur",
     "Initialiser les trois champs de chaque struct sembuf (sem_num, sem_op, sem_flg).",
     verifier_valgrind, NOTE},
    {"portier", 2, "portier : au plus N - 1 à table, jamais d'interblocage",
     "P sur le portier (sémaphore N, à N - 1) avant les fourchettes ; V avec les reposes.",
     verifier_portier, BONUS},
};

static const struct tp tp = {"05-philosophes", items, NB_ELEMENTS(items)};

// clang-format off
int main(int argc, char **argv) { return banc_main(argc, argv, &tp); }
