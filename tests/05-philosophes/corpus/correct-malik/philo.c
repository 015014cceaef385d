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

/* Nombre d'opérations d'un tableau de struct sembuf. */
#define NB_OPS(t) (sizeof(t) / sizeof((t)[0]))

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
	unsigned short valeurs[PHILO_MAX + 1];
	union semun arg;
	int semid, k;

	semid = semget(cle, n + 1, IPC_CREAT | IPC_EXCL | 0600);
	if (semid == -1) {
		if (errno == EEXIST)
			errx(SORTIE_ECHEC, "une table existe déjà (philo detruire d'abord)");
		err(SORTIE_ECHEC, "semget");
	}
	for (k = 0; k < n; k++)
		valeurs[k] = 1;
	valeurs[n] = (unsigned short)(n - 1); /* le portier */
	arg.array = valeurs;
	if (semctl(semid, 0, SETALL, arg) == -1) {
		int e = errno;

		semctl(semid, 0, IPC_RMID);
		errno = e;
		err(SORTIE_ECHEC, "semctl SETALL");
	}
	return semid;
}

/* ---- Étape 2 : retrouver la table et l'observer ---- */

/* Ouvre la table existante de chemin ; quitte (code 1) si elle n'existe pas. */
static struct table ouvrir_table(const char *chemin)
{
	key_t cle = cle_depuis_chemin(chemin, ID_TABLE);
	struct table t = {-1, 0};
	struct semid_ds ds;
	union semun arg = {.buf = &ds};

	if ((t.semid = semget(cle, 0, 0)) == -1)
		err(SORTIE_ECHEC, "aucune table pour %s (philo creer %s N)", chemin, chemin);
	if (semctl(t.semid, 0, IPC_STAT, arg) == -1)
		err(SORTIE_ECHEC, "semctl IPC_STAT");
	t.n = (int)ds.sem_nsems - 1;
	if (t.n < PHILO_MIN || t.n > PHILO_MAX)
		errx(SORTIE_ECHEC, "table incohérente : %d fourchettes (attendu entre %d et %d)",
		     t.n, PHILO_MIN, PHILO_MAX);
	return t;
}

/* Affiche une ligne par fourchette, puis celle du portier (formats de philo.h). */
static void afficher_etat(const struct table *t)
{
	unsigned short valeurs[PHILO_MAX + 1];
	union semun arg = {.array = valeurs};
	int ncnt, pid;

	if (semctl(t->semid, 0, GETALL, arg) == -1)
		err(SORTIE_ECHEC, "semctl GETALL");
	for (int k = 0; k < t->n; k++) {
		if ((ncnt = semctl(t->semid, k, GETNCNT)) == -1 ||
		    (pid = semctl(t->semid, k, GETPID)) == -1)
			err(SORTIE_ECHEC, "semctl fourchette %d", k);
		printf(FORMAT_FOURCHETTE, k, valeurs[k], ncnt, pid);
	}
	if ((ncnt = semctl(t->semid, t->n, GETNCNT)) == -1)
		err(SORTIE_ECHEC, "semctl portier");
	printf(FORMAT_PORTIER, valeurs[t->n], ncnt);
}

/* ---- Étape 3 : semop, et le philosophe naïf ---- */

/* semop des nb opérations de ops, toutes appliquées ensemble ou aucune ; relancé après EINTR.
 * Faux si la table a été supprimée pendant l'attente (EIDRM) ou avant l'appel (EINVAL). */
static bool operer(int semid, struct sembuf *ops, size_t nb)
{
	while (semop(semid, ops, nb) == -1) {
		if (errno == EINTR)
			continue; /* arrêté puis relancé : rien n'a été fait, on recommence */
		if (errno == EIDRM || errno == EINVAL)
			return false;
		err(SORTIE_ECHEC, "semop");
	}
	return true;
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

/* Une opération sur le sémaphore num, toujours avec SEM_UNDO. */
static struct sembuf op_undo(int num, short val)
{
	return (struct sembuf){.sem_num = (unsigned short)num, .sem_op = val, .sem_flg = SEM_UNDO};
}

/* Prend la fourchette gauche, puis la droite : deux semop, avec le point de pause entre les
 * deux. Faux si la table a disparu. */
static bool prendre_naif(const struct table *t, int i)
{
	struct sembuf g = op_undo(gauche(i), -1);
	struct sembuf d = op_undo(droite(t, i), -1);

	if (!operer(t->semid, &g, 1))
		return false;
	point_de_pause(ENTRE_FOURCHETTES);
	return operer(t->semid, &d, 1);
}

/* Repose les deux fourchettes du philosophe i, en un seul semop. Faux si la table a disparu. */
static bool poser(const struct table *t, int i)
{
	struct sembuf ops[] = {op_undo(gauche(i), +1), op_undo(droite(t, i), +1)};

	return operer(t->semid, ops, NB_OPS(ops));
}

/* ---- Étape 4 : le dîner sans interblocage ---- */

/* Prend les deux fourchettes d'un coup : le noyau n'en donne aucune tant qu'il ne peut pas
 * donner les deux. Faux si la table a disparu. */
static bool prendre_atomique(const struct table *t, int i)
{
	struct sembuf ops[] = {op_undo(gauche(i), -1), op_undo(droite(t, i), -1)};

	return operer(t->semid, ops, NB_OPS(ops));
}

/* ---- Étape 6 (bonus) : le portier ---- */

/* Entre (P sur le portier), puis prend une fourchette après l'autre comme le naïf. */
static bool prendre_portier(const struct table *t, int i)
{
	struct sembuf entrer = op_undo(t->n, -1);

	return operer(t->semid, &entrer, 1) && prendre_naif(t, i);
}

/* Repose les deux fourchettes et sort (V sur le portier), en un seul semop. */
static bool poser_portier(const struct table *t, int i)
{
	struct sembuf ops[] = {op_undo(gauche(i), +1), op_undo(droite(t, i), +1),
	                       op_undo(t->n, +1)};

	return operer(t->semid, ops, NB_OPS(ops));
}

/* ---- Étape 5 : détruire ---- */

static void detruire_table(int semid)
{
	if (semctl(semid, 0, IPC_RMID) == -1)
		err(SORTIE_ECHEC, "semctl IPC_RMID");
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
