/*
 * philo.c : le dîner des philosophes sur un ensemble de sémaphores System V.
 *
 *   philo creer CHEMIN N       crée la table : N fourchettes à 1 et le portier à N - 1
 *   philo naif CHEMIN I R      le philosophe I mange R fois, une fourchette après l'autre
 *   philo diner CHEMIN I R     pareil, les deux fourchettes en un seul semop (SEM_UNDO)
 *   philo portier CHEMIN I R   bonus : une fourchette après l'autre, mais N - 1 à table au plus
 *   philo etat CHEMIN          valeur, GETNCNT et GETPID de chaque sémaphore
 *   philo detruire CHEMIN      supprime la table ; ceux qui attendent reçoivent EIDRM
 *
 * Chaque philosophe affiche ses transitions, une ligne chacune : « I pense », « I a faim »,
 * « I mange », et « I quitte la table » après son dernier repas.
 */
#include "commun.h"
#include "philo.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#define SYNOPSIS                                                                                   \
	"creer CHEMIN N           (2 <= N <= 32)\n"                                                \
	"        philo naif CHEMIN I R        (0 <= I < N, 1 <= R <= 1000000)\n"                   \
	"        philo diner CHEMIN I R\n"                                                         \
	"        philo portier CHEMIN I R     (bonus)\n"                                           \
	"        philo etat CHEMIN\n"                                                              \
	"        philo detruire CHEMIN"

/* La table ouverte : l'identifiant de l'ensemble et le nombre de fourchettes. */
struct table {
	int semid;
	int n; /* fourchettes 0 à n - 1 ; le portier est le sémaphore n */
};

/* ---- Donné : le point de pause (voir philo.h) ---- */

static int pause_moment = -1; /* PHILO_PAUSE=entre-fourchettes ou mange */
static long pause_ms;         /* PHILO_PAUSE=NN */

/* Lit PHILO_PAUSE une fois pour toutes ; une valeur invalide est une erreur d'usage. */
static void configurer_pause(void)
{
	const char *v = getenv("PHILO_PAUSE");

	if (v == NULL || *v == '\0')
		return;
	if (strcmp(v, "entre-fourchettes") == 0)
		pause_moment = ENTRE_FOURCHETTES;
	else if (strcmp(v, "mange") == 0)
		pause_moment = EN_MANGEANT;
	else if (!entier_strict(v, 0, 60000, &pause_ms))
		usage("PHILO_PAUSE invalide : « %s » (« entre-fourchettes », « mange » ou des "
		      "millisecondes, 0 à 60000)",
		      v);
}

void point_de_pause(enum moment m)
{
	struct timespec d = {.tv_sec = pause_ms / 1000, .tv_nsec = pause_ms % 1000 * 1000000};

	if ((int)m == pause_moment) {
		fprintf(stderr, "philo (pid %d) : arrêté %s, « kill -CONT %d »\n", (int)getpid(),
		        m == EN_MANGEANT ? "en mangeant" : "entre ses deux fourchettes",
		        (int)getpid());
		raise(SIGSTOP);
	} else if (m == EN_MANGEANT && pause_ms > 0) {
		while (nanosleep(&d, &d) == -1 && errno == EINTR)
			;
	}
}

/* ---- Étape 1 : créer la table ---- */

/* Crée l'ensemble de la table pour n philosophes : n fourchettes à 1, le portier à n - 1. */
static int creer_table(key_t cle, int n)
{
	/* À FAIRE (étape 1) : semget(cle, n + 1, IPC_CREAT | IPC_EXCL | 0600) (n fourchettes et
	 * le portier) ; s'il existe déjà (EEXIST), err(SORTIE_ECHEC, ...) sans rien toucher.
	 * Puis un seul semctl(semid, 0, SETALL, arg) avec arg.array pointant sur n + 1 valeurs
	 * unsigned short : 1 pour chaque fourchette, n - 1 pour le portier (numéro n). Si SETALL
	 * échoue, supprimer l'ensemble avant de quitter. Renvoyer l'identifiant. */
	// SQUELETTE: (void)cle;
	// SQUELETTE: (void)n;
	// SQUELETTE: a_faire("étape 1 : créer la table (semget de N + 1 sémaphores, SETALL)");
	// DEBUT SOLUTION (étape 1)
	unsigned short valeurs[PHILO_MAX + 1];
	int semid = semget(cle, n + 1, IPC_CREAT | IPC_EXCL | 0600);

	if (semid == -1 && errno == EEXIST)
		err(SORTIE_ECHEC, "semget : une table existe déjà pour cette clé (philo detruire, "
		                  "ou ipcrm -s ID si elle est abandonnée)");
	if (semid == -1)
		err(SORTIE_ECHEC, "semget");
	for (int k = 0; k < n; k++)
		valeurs[k] = 1;
	valeurs[n] = (unsigned short)(n - 1);

	union semun arg = {.array = valeurs};
	if (semctl(semid, 0, SETALL, arg) == -1) {
		int erreur = errno;

		semctl(semid, 0, IPC_RMID);
		errno = erreur;
		err(SORTIE_ECHEC, "semctl(SETALL)");
	}
	return semid;
	// FIN SOLUTION
}

/* ---- Étape 2 : retrouver la table et l'observer ---- */

/* Ouvre la table existante de chemin ; quitte (code 1) si elle n'existe pas. */
static struct table ouvrir_table(const char *chemin)
{
	key_t cle = cle_depuis_chemin(chemin, ID_TABLE);
	struct table t = {-1, 0};

	/* À FAIRE (étape 2) : retrouver l'ensemble EXISTANT avec semget(cle, 0, 0), sans
	 * IPC_CREAT ; s'il n'existe pas, err(SORTIE_ECHEC, ...) en suggérant « philo creer ».
	 * Le nombre de sémaphores se lit par semctl(semid, 0, IPC_STAT, arg) avec arg.buf
	 * pointant sur une struct semid_ds (champ sem_nsems) : t.n = sem_nsems - 1. */
	// SQUELETTE: (void)cle;
	// SQUELETTE: a_faire("étape 2 : ouvrir la table existante (semget, IPC_STAT)");
	// DEBUT SOLUTION (étape 2)
	struct semid_ds ds;
	union semun arg = {.buf = &ds};

	t.semid = semget(cle, 0, 0);
	if (t.semid == -1 && errno == ENOENT)
		err(SORTIE_ECHEC, "semget : aucune table pour « %s » (philo creer %s N d'abord)",
		    chemin, chemin);
	if (t.semid == -1)
		err(SORTIE_ECHEC, "semget");
	if (semctl(t.semid, 0, IPC_STAT, arg) == -1)
		err(SORTIE_ECHEC, "semctl(IPC_STAT)");
	t.n = (int)ds.sem_nsems - 1;
	// FIN SOLUTION
	if (t.n < PHILO_MIN || t.n > PHILO_MAX)
		errx(SORTIE_ECHEC, "table incohérente : %d fourchettes (attendu entre %d et %d)",
		     t.n, PHILO_MIN, PHILO_MAX);
	return t;
}

// DEBUT SOLUTION (étape 2)
/* semctl(semid, num, cmd) pour une commande de lecture (GETVAL, GETNCNT, GETPID). */
static int lire(int semid, int num, int cmd, const char *nom)
{
	int v = semctl(semid, num, cmd);

	if (v == -1)
		err(SORTIE_ECHEC, "semctl(%d, %s)", num, nom);
	return v;
}

// FIN SOLUTION
/* Affiche une ligne par fourchette, puis celle du portier (formats de philo.h). */
static void afficher_etat(const struct table *t)
{
	/* À FAIRE (étape 2) : pour chaque fourchette k de 0 à t->n - 1, semctl(semid, k, CMD)
	 * avec CMD = GETVAL (1 : libre, 0 : prise), GETNCNT (processus endormis en attendant
	 * qu'elle augmente) et GETPID (dernier processus qui l'a modifiée), puis
	 * printf(FORMAT_FOURCHETTE, k, valeur, attente, pid) ; enfin, pour le portier (sémaphore
	 * t->n), printf(FORMAT_PORTIER, valeur, attente). semctl renvoie -1 en cas d'erreur. */
	// SQUELETTE: (void)t;
	// SQUELETTE: a_faire("étape 2 : afficher l'état (GETVAL, GETNCNT, GETPID)");
	// DEBUT SOLUTION (étape 2)
	for (int k = 0; k < t->n; k++) {
		int v = lire(t->semid, k, GETVAL, "GETVAL");
		int a = lire(t->semid, k, GETNCNT, "GETNCNT");

		printf(FORMAT_FOURCHETTE, k, v, a, lire(t->semid, k, GETPID, "GETPID"));
	}
	printf(FORMAT_PORTIER, lire(t->semid, t->n, GETVAL, "GETVAL"),
	       lire(t->semid, t->n, GETNCNT, "GETNCNT"));
	// FIN SOLUTION
}

/* ---- Étape 3 : semop, et le philosophe naïf ---- */

/* semop des nb opérations de ops, toutes appliquées ensemble ou aucune ; relancé après EINTR.
 * Faux si la table a été supprimée pendant l'attente (EIDRM) ou avant l'appel (EINVAL). */
static bool operer(int semid, struct sembuf *ops, size_t nb)
{
	/* À FAIRE (étape 3) : semop(semid, ops, nb) ; en cas d'échec, EINTR (processus arrêté
	 * puis repris) → recommencer, rien n'a été appliqué ; EIDRM ou EINVAL → renvoyer false ;
	 * autre erreur → err(SORTIE_ECHEC, "semop"). */
	// SQUELETTE: (void)semid;
	// SQUELETTE: (void)ops;
	// SQUELETTE: (void)nb;
	// SQUELETTE: a_faire("étape 3 : appeler semop et traiter EINTR, EIDRM et EINVAL");
	// DEBUT SOLUTION (étape 3)
	while (semop(semid, ops, nb) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EIDRM || errno == EINVAL)
			return false;
		err(SORTIE_ECHEC, "semop");
	}
	return true;
	// FIN SOLUTION
}

/* Les deux fourchettes du philosophe i. */
static int gauche(int i)
{
	return i;
}

static int droite(const struct table *t, int i)
{
	return (i + 1) % t->n;
}

// DEBUT SOLUTION (étape 3)
/* Une opération op sur le sémaphore num, avec SEM_UNDO. */
static struct sembuf operation(int num, short op)
{
	struct sembuf s = {.sem_num = (unsigned short)num, .sem_op = op, .sem_flg = SEM_UNDO};

	return s;
}

// FIN SOLUTION
/* Prend la fourchette gauche, puis la droite : deux semop, avec le point de pause entre les
 * deux. Faux si la table a disparu. */
static bool prendre_naif(const struct table *t, int i)
{
	/* À FAIRE (étape 3) : un semop d'UNE opération sur la fourchette gauche(i) (sem_op = -1,
	 * sem_flg = SEM_UNDO : si le philosophe meurt, le noyau la repose), puis
	 * point_de_pause(ENTRE_FOURCHETTES) (exigé : c'est là que le correcteur arrête le
	 * philosophe), puis un second semop d'une opération sur droite(t, i). Renvoyer false dès
	 * qu'operer renvoie false. */
	// SQUELETTE: (void)t;
	// SQUELETTE: (void)i;
	// SQUELETTE: (void)operer; /* operer, gauche et droite : à utiliser ici */
	// SQUELETTE: (void)gauche;
	// SQUELETTE: (void)droite;
	// SQUELETTE: a_faire("étape 3 : prendre une fourchette, puis l'autre (deux semop)");
	// DEBUT SOLUTION (étape 3)
	struct sembuf g = operation(gauche(i), -1);
	struct sembuf d = operation(droite(t, i), -1);

	if (!operer(t->semid, &g, 1))
		return false;
	point_de_pause(ENTRE_FOURCHETTES);
	return operer(t->semid, &d, 1);
	// FIN SOLUTION
}

/* Repose les deux fourchettes du philosophe i, en un seul semop. Faux si la table a disparu. */
static bool poser(const struct table *t, int i)
{
	/* À FAIRE (étape 3) : un semop de DEUX opérations, +1 sur gauche(i) et +1 sur
	 * droite(t, i), toutes deux avec SEM_UNDO (le noyau compense ainsi exactement les prises :
	 * un philosophe qui meurt après avoir reposé ne rend rien de plus). */
	// SQUELETTE: (void)t;
	// SQUELETTE: (void)i;
	// SQUELETTE: a_faire("étape 3 : reposer les deux fourchettes (un semop de deux opérations)");
	// DEBUT SOLUTION (étape 3)
	struct sembuf ops[2] = {operation(gauche(i), 1), operation(droite(t, i), 1)};

	return operer(t->semid, ops, 2);
	// FIN SOLUTION
}

/* ---- Étape 4 : le dîner sans interblocage ---- */

/* Prend les deux fourchettes d'un coup : le noyau n'en donne aucune tant qu'il ne peut pas
 * donner les deux. Faux si la table a disparu. */
static bool prendre_atomique(const struct table *t, int i)
{
	/* À FAIRE (étape 4) : UN semop de DEUX opérations, -1 sur gauche(i) et -1 sur
	 * droite(t, i), toutes deux avec SEM_UNDO. Pas de point de pause ici : il n'y a pas
	 * d'« entre deux fourchettes ». */
	// SQUELETTE: (void)t;
	// SQUELETTE: (void)i;
	// SQUELETTE: a_faire("étape 4 : prendre les deux fourchettes en un seul semop");
	// DEBUT SOLUTION (étape 4)
	struct sembuf ops[2] = {operation(gauche(i), -1), operation(droite(t, i), -1)};

	return operer(t->semid, ops, 2);
	// FIN SOLUTION
}

/* ---- Étape 6 (bonus) : le portier ---- */

/* Entre (P sur le portier), puis prend une fourchette après l'autre comme le naïf. */
static bool prendre_portier(const struct table *t, int i)
{
	/* À FAIRE (étape 6, bonus) : un semop d'une opération -1 sur le portier (sémaphore t->n,
	 * SEM_UNDO), puis prendre_naif(t, i). */
	// SQUELETTE: (void)t;
	// SQUELETTE: (void)i;
	// SQUELETTE: a_faire("étape 6 : entrer (portier), puis prendre les fourchettes");
	// DEBUT SOLUTION (étape 6)
	struct sembuf p = operation(t->n, -1);

	return operer(t->semid, &p, 1) && prendre_naif(t, i);
	// FIN SOLUTION
}

/* Repose les deux fourchettes et sort (V sur le portier), en un seul semop. */
static bool poser_portier(const struct table *t, int i)
{
	/* À FAIRE (étape 6, bonus) : un semop de trois opérations, +1 sur les deux fourchettes et
	 * +1 sur le portier, avec SEM_UNDO. */
	// SQUELETTE: (void)t;
	// SQUELETTE: (void)i;
	// SQUELETTE: a_faire("étape 6 : reposer les fourchettes et sortir (portier)");
	// DEBUT SOLUTION (étape 6)
	struct sembuf ops[3] = {operation(gauche(i), 1), operation(droite(t, i), 1),
	                        operation(t->n, 1)};

	return operer(t->semid, ops, 3);
	// FIN SOLUTION
}

/* ---- Étape 5 : détruire ---- */

static void detruire_table(int semid)
{
	/* À FAIRE (étape 5) : semctl(semid, 0, IPC_RMID) ; en cas d'échec, err(SORTIE_ECHEC, ...).
	 * Les philosophes endormis dans semop se réveillent avec EIDRM. */
	// SQUELETTE: (void)semid;
	// SQUELETTE: a_faire("étape 5 : supprimer la table (semctl IPC_RMID)");
	// DEBUT SOLUTION (étape 5)
	if (semctl(semid, 0, IPC_RMID) == -1)
		err(SORTIE_ECHEC, "semctl(IPC_RMID)");
	// FIN SOLUTION
}

/* ---- Donné : la vie d'un philosophe ---- */

/* Une façon de manger : prendre les fourchettes, puis les reposer. */
struct version {
	bool (*prendre)(const struct table *t, int i);
	bool (*poser)(const struct table *t, int i);
};

static noreturn void table_disparue(int i)
{
	errx(SORTIE_ECHEC, "philosophe %d : la table a été détruite pendant son attente (EIDRM)",
	     i);
}

/* Le philosophe i mange r fois à la table de chemin, de la façon v. */
static int philosophe(const char *chemin, int i, long r, const struct version *v)
{
	struct table t = ouvrir_table(chemin);

	if (i >= t.n)
		usage("I invalide : %d (la table a %d philosophes, numérotés de 0 à %d)", i, t.n,
		      t.n - 1);
	for (long k = 0; k < r; k++) {
		printf("%d pense\n", i);
		printf("%d a faim\n", i);
		if (!v->prendre(&t, i))
			table_disparue(i);
		printf("%d mange\n", i);
		point_de_pause(EN_MANGEANT);
		if (!v->poser(&t, i))
			table_disparue(i);
	}
	printf("%d quitte la table\n", i);
	return SORTIE_OK;
}

/* ---- Donné : la ligne de commande ---- */

/* Exige exactement nb arguments après la sous-commande ; sinon usage (code 2). */
static void exiger_arguments(int argc, int nb, const char *cmd)
{
	if (argc - 2 != nb)
		usage("%s : %d argument(s) attendu(s), %d reçu(s)", cmd, nb, argc - 2);
}

int main(int argc, char **argv)
{
	static const struct version naif = {prendre_naif, poser};
	static const struct version diner = {prendre_atomique, poser};
	static const struct version portier = {prendre_portier, poser_portier};

	sortie_par_ligne();
	usage_synopsis(SYNOPSIS);
	configurer_pause();
	if (argc < 2)
		usage("sous-commande manquante");

	const char *cmd = argv[1];
	if (strcmp(cmd, "creer") == 0) {
		exiger_arguments(argc, 2, cmd);
		int n = (int)argument_entier(argv[3], PHILO_MIN, PHILO_MAX, "N");
		int semid = creer_table(cle_depuis_chemin(argv[2], ID_TABLE), n);

		printf("table créée : ensemble %d, %d fourchettes, portier à %d\n", semid, n,
		       n - 1);
		return SORTIE_OK;
	}
	if (strcmp(cmd, "naif") == 0 || strcmp(cmd, "diner") == 0 || strcmp(cmd, "portier") == 0) {
		exiger_arguments(argc, 3, cmd);
		int i = (int)argument_entier(argv[3], 0, PHILO_MAX - 1, "I");
		long r = argument_entier(argv[4], 1, REPAS_MAX, "R");
		const struct version *v = cmd[0] == 'n' ? &naif : cmd[0] == 'd' ? &diner : &portier;

		return philosophe(argv[2], i, r, v);
	}
	if (strcmp(cmd, "etat") == 0) {
		exiger_arguments(argc, 1, cmd);
		struct table t = ouvrir_table(argv[2]);

		afficher_etat(&t);
		return SORTIE_OK;
	}
	if (strcmp(cmd, "detruire") == 0) {
		exiger_arguments(argc, 1, cmd);
		struct table t = ouvrir_table(argv[2]);

		detruire_table(t.semid);
		printf("table détruite : ensemble %d\n", t.semid);
		return SORTIE_OK;
	}
	usage("sous-commande inconnue : « %s »", cmd);
}
