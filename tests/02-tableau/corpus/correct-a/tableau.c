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

/* Crée le tableau de n cases et son sémaphore ; en cas d'échec, ne laisse rien derrière. */
static void creer(const char *chemin, long n)
{
	key_t cle_seg = cle_depuis_chemin(chemin, ID_SEGMENT);
	key_t cle_sem = cle_depuis_chemin(chemin, ID_SEMAPHORES);

	/* À FAIRE (étape 1) :
	 *  - calculer la taille du segment : l'en-tête de struct tableau puis n cases (attention,
	 *    sizeof(struct tableau) ne compte pas les cases, et un pointeur n'est pas le tableau) ;
	 *  - shmget(cle_seg, taille, IPC_CREAT | IPC_EXCL | 0600), puis semget(cle_sem, 1, mêmes
	 *    options) ; si l'un échoue (EEXIST...), err() : jamais réutiliser l'objet d'un autre,
	 *    et supprimer d'abord ce qui vient d'être créé (pas de tableau à moitié créé) ;
	 *  - attacher le segment (shmat), y écrire n, total = 0 et les cases à 0, le détacher ;
	 *  - en dernier, initialiser le sémaphore à 1 : semctl(semid, 0, SETVAL, arg) avec
	 *    union semun arg = {.val = 1} (un ensemble neuf vaut 0 : tout le monde attend) ;
	 *  - afficher ce qui a été créé (identifiants, nombre de cases, taille). */
	size_t octets = sizeof(struct tableau) + n * sizeof(long);
	int seg = -1, sem = -1;
	struct tableau *tab;
	union semun un;
	const char *etape;

	seg = shmget(cle_seg, octets, IPC_CREAT | IPC_EXCL | 0600);
	if (seg < 0) {
		etape = "shmget";
		goto rate;
	}
	sem = semget(cle_sem, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (sem < 0) {
		etape = "semget";
		goto rate;
	}
	tab = shmat(seg, NULL, 0);
	if (tab == (struct tableau *)-1) {
		etape = "shmat";
		goto rate;
	}
	tab->n = n;
	tab->total = 0;
	for (long k = 0; k < n; k++)
		tab->cases[k] = 0;
	if (shmdt(tab) < 0) {
		etape = "shmdt";
		goto rate;
	}
	un.val = 1;
	if (semctl(sem, 0, SETVAL, un) < 0) {
		etape = "semctl SETVAL";
		goto rate;
	}
	printf("tableau créé : segment %d (%ld cases, %zu octets), sémaphores %d (valeur 1)\n", seg,
	       n, octets, sem);
	return;
rate : {
	int sauve = errno;
	if (sem >= 0)
		semctl(sem, 0, IPC_RMID);
	if (seg >= 0)
		shmctl(seg, IPC_RMID, NULL);
	errno = sauve;
	err(1, "%s", etape);
}
}

/* ---- Étape 2 : attacher, détacher, P et V ---- */

/* Attache le segment du tableau (options : 0 ou SHM_RDONLY) ; quitte s'il n'existe pas. */
static struct tableau *attacher(const char *chemin, int options)
{
	key_t cle = cle_depuis_chemin(chemin, ID_SEGMENT);

	/* À FAIRE (étape 2) : obtenir l'identifiant du segment existant (shmget sans IPC_CREAT,
	 * taille 0), puis l'attacher avec shmat(shmid, NULL, options). Un échec (tableau absent)
	 * se signale par err(), code 1. */
	int seg = shmget(cle, 0, 0);
	if (seg < 0)
		err(1, "shmget %s", chemin);
	void *adr = shmat(seg, NULL, options);
	if (adr == (void *)-1)
		err(1, "shmat");
	return adr;
}

/* Détache le segment attaché à l'adresse t. */
static void detacher(struct tableau *t)
{
	/* À FAIRE (étape 2) : shmdt. */
	if (shmdt(t) != 0)
		err(1, "shmdt");
}

/* Identifiant de l'ensemble de sémaphores du tableau ; quitte s'il n'existe pas. */
static int semaphores(const char *chemin)
{
	key_t cle = cle_depuis_chemin(chemin, ID_SEMAPHORES);

	/* À FAIRE (étape 2) : semget sans IPC_CREAT ; un échec se signale par err(), code 1. */
	int sem = semget(cle, 1, 0);
	if (sem < 0)
		err(1, "semget %s", chemin);
	return sem;
}

/* À FAIRE (étape 2) : écrire P(semid) et V(semid), une opération semop sur le sémaphore 0
 * (-1 puis +1), toutes deux avec SEM_UNDO : si le processus meurt entre P et V, le noyau
 * rend le sémaphore. semop peut échouer avec EINTR (processus suspendu puis relancé) :
 * recommencer dans ce cas ; toute autre erreur se signale par err(). */
static void sem_op(int id, int delta)
{
	struct sembuf op;

	op.sem_num = 0;
	op.sem_op = delta;
	op.sem_flg = SEM_UNDO;
	for (;;) {
		if (semop(id, &op, 1) == 0)
			return;
		if (errno != EINTR)
			err(1, "semop");
	}
}

static void P(int semid)
{
	sem_op(semid, -1);
}

static void V(int semid)
{
	sem_op(semid, 1);
}

/* ---- Étape 3 : ajouter ---- */

/* Ajoute v à la case i, r fois, chaque fois en section critique. */
static void ajouter(const char *chemin, long i, long v, long r)
{
	struct tableau *t = attacher(chemin, 0);
	int semid = semaphores(chemin);

	if (i >= cases_valides(t->n))
		usage("I invalide : %ld (le tableau a %ld cases)", i, t->n);
	/* À FAIRE (étape 3) : r fois, P(semid) ; t->cases[i] += v ; point_de_pause() ;
	 * t->total += v ; V(semid). L'appel à point_de_pause() entre les deux mises à jour est
	 * exigé : c'est là que le correcteur arrête l'écrivain, invariant rompu. */
	for (long tour = 0; tour < r; tour++) {
		P(semid);
		t->cases[i] = t->cases[i] + v;
		point_de_pause();
		t->total = t->total + v;
		V(semid);
	}
	detacher(t);
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
	struct tableau *t = attacher(chemin, SHM_RDONLY);
	int semid = semaphores(chemin);

	P(semid);
	copie.n = t->n;
	copie.total = t->total;
	if (copie.n < 1 || copie.n > TABLEAU_MAX) {
		V(semid);
		errx(1, "tableau incohérent : %ld cases", copie.n);
	}
	for (long k = 0; k < copie.n; k++)
		copie.cases[k] = t->cases[k];
	point_de_pause();
	V(semid);
	detacher(t);
	afficher(&copie);
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
	int rc = 0;
	int seg = shmget(cle_seg, 0, 0);
	int sem = semget(cle_sem, 0, 0);

	if (seg < 0) {
		warn("shmget (segment)");
		rc = 1;
	} else if (shmctl(seg, IPC_RMID, NULL) < 0) {
		warn("shmctl IPC_RMID");
		rc = 1;
	}
	if (sem < 0) {
		warn("semget (sémaphores)");
		rc = 1;
	} else if (semctl(sem, 0, IPC_RMID) < 0) {
		warn("semctl IPC_RMID");
		rc = 1;
	}
	if (rc)
		exit(1);
	printf("tableau détruit : segment %d, sémaphores %d\n", seg, sem);
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
