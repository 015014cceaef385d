/*
 * tableau.c : un tableau de compteurs en mémoire partagée, protégé par un sémaphore.
 *
 *   tableau creer CHEMIN N          crée le segment (N cases à 0) et le sémaphore (valeur 1)
 *   tableau ajouter CHEMIN I V [R]  R fois, en section critique : cases[I] += V, total += V
 *   tableau lire CHEMIN             affiche un instantané pris sous le sémaphore
 *   tableau detruire CHEMIN         supprime le segment et le sémaphore
 */
#include "commun.h"
#include "tableau.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/sem.h>
#include <sys/shm.h>

/* Copie privée du tableau, prise par lire sous le sémaphore puis affichée hors de lui. */
struct instantane {
	long n;
	long total;
	long cases[TABLEAU_MAX];
};

/* ---- Donné : le point de pause (voir tableau.h) ---- */

static bool pause_arret; /* TABLEAU_PAUSE=arret */
static long pause_ms;    /* TABLEAU_PAUSE=NN */

/* Lit TABLEAU_PAUSE une fois pour toutes ; une valeur invalide est une erreur d'usage. */
static void configurer_pause(void)
{
	const char *v = getenv("TABLEAU_PAUSE");

	if (v == NULL || *v == '\0')
		return;
	if (strcmp(v, "arret") == 0)
		pause_arret = true;
	else if (!entier_strict(v, 0, 60000, &pause_ms))
		usage("TABLEAU_PAUSE invalide : « %s » (« arret » ou des millisecondes, 0 à 60000)",
		      v);
}

void point_de_pause(void)
{
	struct timespec d = {.tv_sec = pause_ms / 1000, .tv_nsec = pause_ms % 1000 * 1000000};

	if (pause_arret) {
		fprintf(stderr,
		        "tableau (pid %d) : arrêté en section critique, « kill -CONT %d »\n",
		        (int)getpid(), (int)getpid());
		raise(SIGSTOP);
	} else if (pause_ms > 0) {
		while (nanosleep(&d, &d) == -1 && errno == EINTR)
			;
	}
}

/* ---- Donné : contrôles et affichage ---- */

/* Le nombre de cases vient d'un segment partagé : on le vérifie avant de s'y fier. */
static long cases_valides(long n)
{
	if (n < 1 || n > TABLEAU_MAX)
		errx(SORTIE_ECHEC, "tableau incohérent : %ld cases (attendu entre 1 et %d)", n,
		     TABLEAU_MAX);
	return n;
}

/* Affiche l'instantané ; quitte avec le code 1 s'il viole l'invariant. */
static void afficher(const struct instantane *c)
{
	long n = cases_valides(c->n), somme = 0;

	printf("total %ld\n", c->total);
	for (long i = 0; i < n; i++) {
		printf("case %ld %ld\n", i, c->cases[i]);
		somme += c->cases[i];
	}
	if (somme != c->total)
		errx(SORTIE_ECHEC, "invariant violé : total vaut %ld, la somme des cases %ld",
		     c->total, somme);
}

/* ---- Étape 1 : créer ---- */

/* À FAIRE (étape 1, conseillé) : une fonction qui supprime ce que creer a déjà créé, puis
 * quitte avec err(), évite de répéter ce nettoyage après chaque appel qui peut échouer. */
// DEBUT SOLUTION
/* Supprime ce qui a été créé (-1 : rien), puis quitte en nommant l'appel qui a échoué. */
static noreturn void tout_defaire(int id_seg, int id_sem, const char *appel)
{
	int e = errno;

	if (id_sem != -1)
		semctl(id_sem, 0, IPC_RMID);
	if (id_seg != -1)
		shmctl(id_seg, IPC_RMID, NULL);
	errno = e;
	err(SORTIE_ECHEC, "%s", appel);
}
// FIN SOLUTION

/* Crée le tableau de n cases et son sémaphore ; en cas d'échec, ne laisse rien derrière. */
static void creer(const char *chemin, long n)
{
	key_t cle_seg = cle_depuis_chemin(chemin, ID_SEGMENT);
	key_t cle_sem = cle_depuis_chemin(chemin, ID_SEMAPHORES);

	/* À FAIRE (étape 1) :
	 *  - calculer la nb_octets du segment : l'en-tête de struct tableau puis n cases (attention,
	 *    sizeof(struct tableau) ne compte pas les cases, et un pointeur n'est pas le tableau) ;
	 *  - shmget(cle_seg, nb_octets, IPC_CREAT | IPC_EXCL | 0600), puis semget(cle_sem, 1, mêmes
	 *    options) ; si l'un échoue (EEXIST...), err() : jamais réutiliser l'objet d'un autre,
	 *    et supprimer d'abord ce qui vient d'être créé (pas de tableau à moitié créé) ;
	 *  - attacher le segment (shmat), y écrire n, total = 0 et les cases à 0, le détacher ;
	 *  - en dernier, initialiser le sémaphore à 1 : semctl(id_sem, 0, SETVAL, valeur) avec
	 *    union semun valeur = {.val = 1} (un ensemble neuf vaut 0 : tout le monde attend) ;
	 *  - afficher ce qui a été créé (identifiants, nombre de cases, nb_octets). */
	// DEBUT SOLUTION
	size_t nb_octets = offsetof(struct tableau, cases) + (size_t)n * sizeof(long);
	int id_seg = shmget(cle_seg, nb_octets, IPC_CREAT | IPC_EXCL | 0600);
	if (id_seg == -1)
		err(SORTIE_ECHEC, "shmget(clé 0x%08x, %zu longueur)", (unsigned)cle_seg, nb_octets);
	int id_sem = semget(cle_sem, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (id_sem == -1)
		tout_defaire(id_seg, -1, "semget(clé des sémaphores)");

	struct tableau *tab = shmat(id_seg, NULL, 0);
	if (tab == (void *)-1)
		tout_defaire(id_seg, id_sem, "shmat");
	tab->n = n;
	tab->total = 0;
	memset(tab->cases, 0, (size_t)n * sizeof(long));
	if (shmdt(tab) == -1)
		tout_defaire(id_seg, id_sem, "shmdt");

	union semun valeur = {.val = 1};
	if (semctl(id_sem, 0, SETVAL, valeur) == -1)
		tout_defaire(id_seg, id_sem, "semctl(SETVAL)");
	printf("tableau créé : segment %d (%ld cases, %zu longueur), sémaphores %d (valeur 1)\n",
	       id_seg, n, nb_octets, id_sem);
	// FIN SOLUTION
	// SQUELETTE: (void)cle_seg, (void)cle_sem, (void)n;
	// SQUELETTE: a_faire("étape 1 : créer le segment et le sémaphore (shmget, semget, SETVAL)");
}

/* ---- Étape 2 : attacher, détacher, P et V ---- */

// DEBUT SOLUTION
static void bouger(int id_sem, short delta)
{
	struct sembuf sb = {.sem_num = 0, .sem_op = delta, .sem_flg = SEM_UNDO};

	while (semop(id_sem, &sb, 1) == -1)
		if (errno != EINTR)
			err(SORTIE_ECHEC, "semop(%+d)", delta);
}

static void P(int id_sem)
{
	bouger(id_sem, -1);
}

static void V(int id_sem)
{
	bouger(id_sem, +1);
}
// FIN SOLUTION

/* Attache le segment du tableau (options : 0 ou SHM_RDONLY) ; quitte s'il n'existe pas. */
static struct tableau *attacher(const char *chemin, int options)
{
	key_t cle = cle_depuis_chemin(chemin, ID_SEGMENT);

	/* À FAIRE (étape 2) : obtenir l'identifiant du segment existant (shmget sans IPC_CREAT,
	 * nb_octets 0), puis l'attacher avec shmat(id_seg, NULL, options). Un échec (tableau absent)
	 * se signale par err(), code 1. */
	// DEBUT SOLUTION
	int id_seg = shmget(cle, 0, 0);
	if (id_seg == -1)
		err(SORTIE_ECHEC, "pas de tableau pour « %s » : shmget", chemin);
	struct tableau *tab = shmat(id_seg, NULL, options);
	if (tab == (void *)-1)
		err(SORTIE_ECHEC, "shmat");
	return tab;
	// FIN SOLUTION
	// SQUELETTE: (void)cle, (void)options;
	// SQUELETTE: a_faire("étape 2 : attacher le segment existant (shmget, shmat)");
}

/* Détache le segment attaché à l'adresse tab. */
static void detacher(struct tableau *tab)
{
	/* À FAIRE (étape 2) : shmdt. */
	// DEBUT SOLUTION
	if (shmdt(tab) == -1)
		err(SORTIE_ECHEC, "shmdt");
	// FIN SOLUTION
	// SQUELETTE: (void)tab;
	// SQUELETTE: a_faire("étape 2 : détacher le segment (shmdt)");
}

/* Identifiant de l'ensemble de sémaphores du tableau ; quitte s'il n'existe pas. */
static int semaphores(const char *chemin)
{
	key_t cle = cle_depuis_chemin(chemin, ID_SEMAPHORES);

	/* À FAIRE (étape 2) : semget sans IPC_CREAT ; un échec se signale par err(), code 1. */
	// DEBUT SOLUTION
	int id_sem = semget(cle, 0, 0);
	if (id_sem == -1)
		err(SORTIE_ECHEC, "pas de sémaphores pour « %s » : semget", chemin);
	return id_sem;
	// FIN SOLUTION
	// SQUELETTE: (void)cle;
	// SQUELETTE: a_faire("étape 2 : retrouver l'ensemble de sémaphores (semget)");
}

/* À FAIRE (étape 2) : écrire P(id_sem) et V(id_sem), une opération semop sur le sémaphore 0
 * (-1 puis +1), toutes deux avec SEM_UNDO : si le processus meurt entre P et V, le noyau
 * rend le sémaphore. semop peut échouer avec EINTR (processus suspendu puis relancé) :
 * recommencer dans ce cas ; toute autre erreur se signale par err(). */

/* ---- Étape 3 : ajouter ---- */

/* Ajoute v à la case i, r fois, chaque fois en section critique. */
static void ajouter(const char *chemin, long i, long v, long r)
{
	struct tableau *tab = attacher(chemin, 0);
	int id_sem = semaphores(chemin);

	if (i >= cases_valides(tab->n))
		usage("I invalide : %ld (le tableau a %ld cases)", i, tab->n);
	/* À FAIRE (étape 3) : r fois, P(id_sem) ; tab->cases[i] += v ; point_de_pause() ;
	 * tab->total += v ; V(id_sem). L'appel à point_de_pause() entre les deux mises à jour est
	 * exigé : c'est là que le correcteur arrête l'écrivain, invariant rompu. */
	// DEBUT SOLUTION
	for (long j = 0; j < r; j++) {
		P(id_sem);
		tab->cases[i] += v;
		point_de_pause();
		tab->total += v;
		V(id_sem);
	}
	// FIN SOLUTION
	// SQUELETTE: (void)id_sem, (void)v, (void)r;
	// SQUELETTE: a_faire("étape 3 : ajouter V à la case I, R fois, en section critique");
	detacher(tab);
}

/* ---- Étape 5 : détruire ---- */

/* Supprime le segment et les sémaphores ; ce qui manque est signalé (code 1). */
static void detruire(const char *chemin)
{
	key_t cle_seg = cle_depuis_chemin(chemin, ID_SEGMENT);
	key_t cle_sem = cle_depuis_chemin(chemin, ID_SEMAPHORES);

	/* À FAIRE (étape 5) : retrouver le segment (shmget) et les sémaphores (semget), sans
	 * IPC_CREAT ; supprimer chacun (shmctl et semctl avec IPC_RMID) ; si l'un manque, le
	 * dire (warn) et sortir avec le code 1 après avoir supprimé l'autre. */
	// DEBUT SOLUTION
	int id_seg = shmget(cle_seg, 0, 0);
	if (id_seg == -1)
		warn("pas de segment pour « %s » : shmget", chemin);
	else if (shmctl(id_seg, IPC_RMID, NULL) == -1)
		err(SORTIE_ECHEC, "shmctl(IPC_RMID)");

	int id_sem = semget(cle_sem, 0, 0);
	if (id_sem == -1)
		warn("pas de sémaphores pour « %s » : semget", chemin);
	else if (semctl(id_sem, 0, IPC_RMID) == -1)
		err(SORTIE_ECHEC, "semctl(IPC_RMID)");

	if (id_seg == -1 || id_sem == -1)
		exit(SORTIE_ECHEC);
	printf("tableau détruit : segment %d, sémaphores %d\n", id_seg, id_sem);
	// FIN SOLUTION
	// SQUELETTE: (void)cle_seg, (void)cle_sem;
	// SQUELETTE: a_faire("étape 5 : supprimer le segment et les sémaphores (IPC_RMID)");
}

/* ---- Étape 4 : lire ---- */

/* Affiche un instantané cohérent du tableau. */
static void lire(const char *chemin)
{
	struct instantane copie;

	/* À FAIRE (étape 4) : attacher le segment en lecture seule (SHM_RDONLY : lire n'a pas à
	 * écrire), retrouver les sémaphores ; puis P, copier n, total et les n cases dans copie,
	 * point_de_pause() (exigé, après la copie et avant V : c'est là que le correcteur arrête
	 * le lecteur, sémaphore pris), V ; enfin détacher. L'affichage (donné) se fait après V :
	 * la section critique reste courte. */
	// DEBUT SOLUTION
	struct tableau *tab = attacher(chemin, SHM_RDONLY);
	int id_sem = semaphores(chemin);
	size_t longueur = (size_t)cases_valides(tab->n) * sizeof(long);

	P(id_sem);
	copie.n = tab->n;
	copie.total = tab->total;
	memcpy(copie.cases, tab->cases, longueur);
	point_de_pause();
	V(id_sem);
	detacher(tab);
	// FIN SOLUTION
	// SQUELETTE: (void)chemin;
	// SQUELETTE: a_faire("étape 4 : prendre un instantané en lecture seule, sous le sémaphore");
	afficher(&copie);
}

/* ---- Donné : la ligne de commande ---- */

/* Quitte par usage() si la sous-commande n'a pas entre min et max arguments. */
static void exiger_arguments(const char *commande, int nb, int min, int max)
{
	if (nb < min || nb > max)
		usage("%s : nombre d'arguments incorrect (%d)", commande, nb);
}

int main(int argc, char **argv)
{
	sortie_par_ligne();
	usage_synopsis("creer CHEMIN N | ajouter CHEMIN I V [R] | lire CHEMIN | detruire CHEMIN");
	configurer_pause();
	if (argc < 2)
		usage("sous-commande manquante");

	const char *commande = argv[1];
	int nb = argc - 2;

	if (strcmp(commande, "creer") == 0) {
		exiger_arguments(commande, nb, 2, 2);
		creer(argv[2], argument_entier(argv[3], 1, TABLEAU_MAX, "N"));
	} else if (strcmp(commande, "ajouter") == 0) {
		exiger_arguments(commande, nb, 3, 4);
		long i = argument_entier(argv[3], 0, TABLEAU_MAX - 1, "I");
		long v = argument_entier(argv[4], -VALEUR_MAX, VALEUR_MAX, "V");
		long r = nb == 4 ? argument_entier(argv[5], 1, REPETITIONS_MAX, "R") : 1;
		ajouter(argv[2], i, v, r);
	} else if (strcmp(commande, "lire") == 0) {
		exiger_arguments(commande, nb, 1, 1);
		lire(argv[2]);
	} else if (strcmp(commande, "detruire") == 0) {
		exiger_arguments(commande, nb, 1, 1);
		detruire(argv[2]);
	} else {
		usage("sous-commande inconnue : « %s »", commande);
	}
	return SORTIE_OK;
}
