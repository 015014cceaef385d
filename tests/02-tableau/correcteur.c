/*
 * correcteur.c : items du TP 02-tableau (mémoire partagée protégée par un sémaphore).
 *
 * Les entrelacements sont forcés, jamais espérés : avec TABLEAU_PAUSE=arret, le code donné
 * arrête un écrivain (ou un lecteur) en section critique par SIGSTOP ; le correcteur attend
 * l'état T, observe le sémaphore (GETVAL, GETNCNT), les autres processus (bloqués dans semop)
 * et le segment, puis le relance par SIGCONT.
 */
#define _GNU_SOURCE
#include "banc.h"
#include "commun.h" /* union semun, dont semctl a besoin */
#include "tableau.h"

#include <ctype.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Environnement ajouté pour arrêter le programme au point de pause. */
static const char *const ARRET[] = {"TABLEAU_PAUSE=arret", NULL};

/* Une pause exportée dans le shell (démonstrations) ralentirait ou figerait chaque item. */
__attribute__((constructor)) static void oublier_pause(void)
{
	unsetenv("TABLEAU_PAUSE");
}

/* tableau(o, env, "ajouter", chemin, "0", "1") : lance tableau avec cet environnement. */
#define TABLEAU(o, e, ...)                                                                         \
	lancer_ex(&(struct lancement){.origine = (o),                                              \
	                              .prog = "tableau",                                           \
	                              .args = (const char *const[]){__VA_ARGS__, NULL},            \
	                              .env = (e)})
#define ETU(...) TABLEAU(ETUDIANT, NULL, __VA_ARGS__)
#define REF(...) TABLEAU(REFERENCE, NULL, __VA_ARGS__)

/* Taille minimale du segment pour n cases : l'en-tête puis les cases. */
#define TAILLE_MIN(n) (offsetof(struct tableau, cases) + (size_t)(n) * sizeof(long))

/* ---- Observer le tableau et le sémaphore depuis le correcteur ---- */

/* Ce que le correcteur voit du segment (copie prise en lecture seule). */
struct vue {
	long n, total;
	long cases[TABLEAU_MAX];
};

/* Copie le segment de clé ftok(CHEMIN, 'T') ; faux s'il n'existe pas. */
static bool voir_tableau(struct vue *v)
{
	int shmid = shmget(cle(ID_SEGMENT), 0, 0);
	const struct tableau *t;
	long n;

	if (shmid == -1)
		return false;
	t = shmat(shmid, NULL, SHM_RDONLY);
	if (t == (void *)-1)
		return false;
	/* Le segment occupe au moins une page : lire l'en-tête et TABLEAU_MAX cases est sûr. */
	v->n = t->n;
	v->total = t->total;
	n = v->n < 0 ? 0 : v->n > TABLEAU_MAX ? TABLEAU_MAX : v->n;
	memcpy(v->cases, t->cases, (size_t)n * sizeof(long));
	shmdt(t);
	return true;
}

/* Écrit dans buf « n = 3, total = 17, cases : 10 7 0 » et le renvoie. */
static const char *texte_tableau(char *buf, size_t taille, long n, long total, const long *cases)
{
	size_t lg = (size_t)snprintf(buf, taille, "n = %ld, total = %ld, cases :", n, total);

	for (long i = 0; i < n && i < TABLEAU_MAX && lg < taille - 24; i++)
		lg += (size_t)snprintf(buf + lg, taille - lg, " %ld", cases[i]);
	return buf;
}

/* Exige ce contenu du tableau ; moment dit quand (« après ... »). */
static void exiger_contenu(long n, long total, const long *cases, const char *moment)
{
	char attendu[512], observe[512];
	struct vue v;
	bool ok;

	if (!voir_tableau(&v))
		echec(
		    "Attendu %s : le segment du tableau (clé 0x%08x).\nObservé : il n'existe pas.",
		    moment, (unsigned)cle(ID_SEGMENT));
	ok = v.n == n && v.total == total;
	for (long i = 0; ok && i < n; i++)
		ok = v.cases[i] == cases[i];
	if (!ok)
		echec("Attendu %s : %s.\nObservé : %s.", moment,
		      texte_tableau(attendu, sizeof attendu, n, total, cases),
		      texte_tableau(observe, sizeof observe, v.n, v.total, v.cases));
}

/* semctl(cmd) sur le sémaphore 0 de l'ensemble de clé ftok(CHEMIN, 'S') ; -1 s'il n'existe pas. */
static int sem(int cmd)
{
	int semid = semget(cle(ID_SEMAPHORES), 0, 0);

	return semid == -1 ? -1 : semctl(semid, 0, cmd);
}

/*
 * Une piste tirée de ce que p a écrit sur sa sortie d'erreur (l'errno d'un semop qui a échoué),
 * ou "" : une piste n'est donnée que si la cause qu'elle nomme a été observée.
 */
static const char *indice_erreur(struct proc *p)
{
	const char *e = erreurs(p);

	if (strstr(e, "File too large") != NULL)
		return "\nsemop a échoué avec EFBIG : sem_num désigne un sémaphore hors de "
		       "l'ensemble, "
		       "qui n'en a qu'un (sem_num = 0).";
	if (strstr(e, "Resource temporarily unavailable") != NULL)
		return "\nsemop a échoué avec EAGAIN : avec IPC_NOWAIT dans sem_flg, un P qui "
		       "trouve le "
		       "sémaphore pris échoue au lieu d'attendre. P doit attendre (sem_flg = "
		       "SEM_UNDO).";
	if (strstr(e, "invariant") != NULL)
		return "\nLa copie de lire a vu l'invariant rompu (une case déjà augmentée, total "
		       "pas "
		       "encore) : elle est faite hors de la section critique. Ordre attendu : P, "
		       "copie, point_de_pause(), V.";
	if (strstr(e, "Interrupted system call") != NULL)
		return "\nsemop a échoué avec EINTR (processus suspendu puis relancé) : rien n'a "
		       "été "
		       "appliqué, il faut recommencer l'appel.";
	return "";
}

/*
 * Fixe l'identifiant que recevra le prochain segment et le prochain ensemble de sémaphores de
 * l'espace de noms de l'item (fixer_prochain_id du banc) : un identifiant différent de l'indice
 * dans la table du noyau (0, 1...) fait voir un programme qui affiche autre chose que
 * l'identifiant. Faux si c'est impossible ici (mode de repli, droits).
 */
static bool fixer_prochains_ids(int shm, int sem)
{
	return fixer_prochain_id(SEGMENT, shm) && fixer_prochain_id(SEMAPHORES, sem);
}

/* Exige la valeur du sémaphore ; pourquoi explique ce qu'un écart veut dire. */
static void exiger_valeur(int attendue, const char *moment, const char *pourquoi)
{
	int v = sem(GETVAL);

	if (v == -1)
		echec("Attendu %s : le sémaphore vaut %d.\nObservé : l'ensemble de sémaphores "
		      "(clé 0x%08x) n'existe pas.",
		      moment, attendue, (unsigned)cle(ID_SEMAPHORES));
	if (v != attendue)
		echec("Attendu %s : le sémaphore vaut %d.\nObservé : il vaut %d.\n%s", moment,
		      attendue, v, pourquoi);
}

/*
 * Après des écrivains terminés, le sémaphore vaut 1. L'écart dit lequel des sem_flg est faux :
 * le noyau applique à la sortie l'ajustement SEM_UNDO des seules opérations qui le demandaient.
 */
static void exiger_rendu(const char *moment)
{
	int v = sem(GETVAL);

	exiger_valeur(1, moment,
	              v > 1 ? "Au-dessus de 1 : SEM_UNDO est sur le P seul (V sans SEM_UNDO). À la "
	                      "sortie, le noyau annule chaque P du processus et remonte le "
	                      "sémaphore d'autant : l'exclusion mutuelle est perdue. Même sem_flg "
	                      "(SEM_UNDO) pour P et V."
	              : v == 0
	                  ? "À 0 : SEM_UNDO est sur le V seul (P sans SEM_UNDO), et à la sortie le "
	                    "noyau annule chaque V du processus ; ou bien un V manque. Un V par P, "
	                    "et le même sem_flg (SEM_UNDO) pour les deux."
	                  : "Chaque P doit avoir son V.");
}

/* Exige que p attende dans semop (un P qui bloque), et qu'il soit le seul à attendre. */
static void exiger_attente_semop(struct proc *p, const char *attendu)
{
	int ncnt;

	/* SYS_semop couvre aussi semtimedop, par où la glibc fait passer semop(). */
	if (!attendre_bloque(p, SYS_semop, delai(DELAI_COURT))) {
		const char *indice = indice_erreur(p);

		/* Entré alors qu'un autre tient le sémaphore, et celui-ci vaut encore 1 : on l'a remonté. */
		if (termine(p) && code_sortie(p) == 0 && sem(GETVAL) == 1)
			indice =
			    "\nIl est entré alors qu'un autre processus tenait le sémaphore, qui "
			    "vaut "
			    "maintenant 1 : quelqu'un l'a remonté. Seul creer initialise le "
			    "sémaphore (SETVAL) ; les autres programmes le retrouvent par semget "
			    "sans y toucher.";
		montrer(p);
		echec("%s\nObservé : %s.%s", attendu, decrire(p), indice);
	}
	ncnt = sem(GETNCNT);
	exiger(ncnt == 1,
	       "%s\nObservé : GETNCNT vaut %d au lieu de 1 (nombre de processus qui attendent "
	       "que le sémaphore augmente).",
	       attendu, ncnt);
}

/* Vrai si p a fini normalement ou tourne encore, sans s'être arrêté au point de pause. */
static bool sans_pause(struct proc *p)
{
	return !termine(p) || code_sortie(p) == 0;
}

/*
 * p (commande) devait s'arrêter au point de pause, mais s'est terminé avant en échec : le
 * scénario de cet item dépend de lui et n'a pas pu tourner. Le dire, avec la façon dont il a
 * fini et la piste tirée de son message, sans accuser ce que l'item vérifie.
 */
static noreturn void echec_avant_pause(struct proc *p, const char *commande)
{
	echec("Attendu : avec TABLEAU_PAUSE=arret, « %s » s'arrête au point de pause.\nObservé : "
	      "%s, avant son point de pause. Le scénario de cet item dépend de ce programme et n'a "
	      "pas pu tourner : corrigez d'abord ce qui l'a fait échouer (son message est "
	      "ci-dessous).%s",
	      commande, decrire(p), indice_erreur(p));
}

static void lecteur_arrete(struct proc *l);

/* Lance ajouter CHEMIN i v avec TABLEAU_PAUSE=arret et attend qu'il s'arrête au point de pause. */
static struct proc *ecrivain_arrete(enum origine o, const char *i, const char *v)
{
	struct proc *p = TABLEAU(o, ARRET, "ajouter", chemin_cle(), i, v);

	if (!attendre_arrete(p, delai(DELAI_COURT))) {
		montrer(p);
		if (!sans_pause(p))
			echec_avant_pause(p, "ajouter");
		echec("Attendu : avec TABLEAU_PAUSE=arret, « ajouter » s'arrête lui-même (SIGSTOP) "
		      "au point de pause, en section critique.\nObservé : %s.\nAppelez "
		      "point_de_pause() entre cases[I] += V et total += V.",
		      decrire(p));
	}
	return p;
}

/* Exige que p (étudiant) finisse avec le code 0 ; sinon l'échec cite la piste de son message. */
static void exiger_reussite(struct proc *p, const char *attendu)
{
	exiger_fin(p, attendu);
	if (code_sortie(p) != 0) {
		montrer(p);
		echec("%s\nObservé : %s (code de sortie attendu : 0).%s", attendu, decrire(p),
		      indice_erreur(p));
	}
}

/* Crée le tableau avec le programme de référence. */
static void creer_reference(const char *n)
{
	exiger_code(REF("creer", chemin_cle(), n), 0,
	            "Attendu : « creer » de référence crée le tableau (code 0).");
}

/* Ajoute avec le programme de référence. */
static void ajouter_reference(const char *i, const char *v)
{
	exiger_code(REF("ajouter", chemin_cle(), i, v), 0,
	            "Attendu : « ajouter » de référence termine avec le code 0.");
}

/* Fin de scénario : le detruire de référence supprime le tableau ; ce qui reste est une fuite. */
static void detruire_reference(void)
{
	exiger_code(REF("detruire", chemin_cle()), 0,
	            "Attendu : « detruire » de référence supprime le tableau (code 0).");
}

/* ---- Items ---- */

/* Segment et sémaphore du tableau de n cases : clés, droits, taille, contenu, valeur 1. */
static void exiger_tableau_neuf(long n, const char *commande)
{
	struct objet_ipc o;
	long zeros[TABLEAU_MAX] = {0};
	char moment[128];

	if (!trouver_objet(SEGMENT, cle(ID_SEGMENT), &o))
		echec("Attendu après « %s » : un segment de clé ftok(CHEMIN, 'T') = 0x%08x.\n"
		      "Observé : aucun segment avec cette clé. Objets présents :\n%s",
		      commande, (unsigned)cle(ID_SEGMENT), objets_restants());
	exiger(o.mode == 0600, "Attendu : segment créé avec les droits 0600.\nObservé : %03o.",
	       o.mode);
	exiger(o.octets >= TAILLE_MIN(n),
	       "Attendu après « %s » : un segment d'au moins %zu octets (en-tête de %zu octets, "
	       "puis %ld cases de %zu octets).\nObservé : shm_segsz = %lu octets (ipcs -m, "
	       "colonne bytes) : la fin du tableau déborde de la taille demandée.",
	       commande, TAILLE_MIN(n), offsetof(struct tableau, cases), n, sizeof(long), o.octets);
	snprintf(moment, sizeof moment, "après « %s »", commande);
	exiger_contenu(n, 0, zeros, moment);

	if (!trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &o))
		echec("Attendu après « %s » : un ensemble de sémaphores de clé ftok(CHEMIN, 'S') = "
		      "0x%08x.\nObservé : aucun ensemble avec cette clé. Objets présents :\n%s",
		      commande, (unsigned)cle(ID_SEMAPHORES), objets_restants());
	exiger(o.mode == 0600,
	       "Attendu : ensemble de sémaphores créé avec les droits 0600.\nObservé : %03o.",
	       o.mode);
	exiger(o.nombre == 1, "Attendu : un ensemble d'un seul sémaphore.\nObservé : %lu.",
	       o.nombre);
	exiger_valeur(1, moment,
	              "Un ensemble neuf vaut 0 : sans semctl(SETVAL, 1), le premier P attendrait "
	              "pour toujours.");
}

/* Coupe texte à la fin de sa première ligne et le renvoie. */
static char *premiere_ligne(char *texte)
{
	texte[strcspn(texte, "\n")] = '\0';
	return texte;
}

/* Exige que la sortie de p (creer, detruire) cite les identifiants des deux objets. */
static void exiger_ids_affiches(struct proc *p, const char *commande, int shmid, int semid)
{
	char copie[512];

	snprintf(copie, sizeof copie, "%s", sortie(p));
	if (!contient_nombre(copie, shmid) || !contient_nombre(copie, semid)) {
		montrer(p);
		echec(
		    "Attendu : « %s » affiche l'identifiant du segment (%d) et celui de l'ensemble "
		    "de sémaphores (%d), comme ipcs -m -s les montre.\nObservé : « %s ». Un "
		    "identifiant est ce que rendent shmget et semget, ni une clé ni un indice.",
		    commande, shmid, semid, premiere_ligne(copie));
	}
}

static void verifier_creation(void)
{
	static const char *const tailles[] = {"5", "1", "256"};

	for (size_t k = 0; k < NB_ELEMENTS(tailles); k++) {
		char commande[64];
		struct objet_ipc seg, ens;
		struct proc *p;
		bool fixes = fixer_prochains_ids(7400 + (int)k, 9100 + (int)k);

		if (fixes)
			etape("prochains identifiants fixés (%d pour le segment, %d pour les "
			      "sémaphores) : ils diffèrent des indices du noyau",
			      7400 + (int)k, 9100 + (int)k);
		p = ETU("creer", chemin_cle(), tailles[k]);
		snprintf(commande, sizeof commande, "creer CHEMIN %s", tailles[k]);
		exiger_code(p, 0, "Attendu : « creer » crée le tableau et termine avec le code 0.");
		exiger(*sortie(p) != '\0',
		       "Attendu : « creer » affiche ce qu'il a créé.\nObservé : sortie vide.");
		exiger_tableau_neuf(atol(tailles[k]), commande);
		trouver_objet(SEGMENT, cle(ID_SEGMENT), &seg);
		trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &ens);
		exiger_ids_affiches(p, commande, seg.id, ens.id);
		detruire_reference();
	}
}

static void verifier_double(void)
{
	struct objet_ipc seg, ens, o;
	struct proc *p;

	creer_reference("3");
	ajouter_reference("1", "4");
	trouver_objet(SEGMENT, cle(ID_SEGMENT), &seg);
	trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &ens);
	p = ETU("creer", chemin_cle(), "3");
	exiger_code(p, 1,
	            "Attendu : un second « creer » sur un tableau existant échoue (EEXIST) avec le "
	            "code 1.");
	exiger(*erreurs(p) != '\0', "Attendu : un message d'erreur sur stderr.\nObservé : rien.");
	exiger(trouver_objet(SEGMENT, cle(ID_SEGMENT), &o) && o.id == seg.id,
	       "Attendu : le segment du premier tableau (id %d) est intact.\nObservé : il a "
	       "disparu ou a été remplacé.",
	       seg.id);
	exiger(trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &o) && o.id == ens.id,
	       "Attendu : les sémaphores du premier tableau (id %d) sont intacts.\nObservé : ils "
	       "ont disparu ou ont été remplacés.",
	       ens.id);
	exiger_contenu(3, 4, (long[]){0, 4, 0}, "après le second creer refusé");
	exiger_valeur(1, "après le second creer refusé",
	              "Le second creer a touché au sémaphore du premier tableau.");
	detruire_reference();
}

/* Le segment ou l'ensemble existe déjà seul : creer échoue sans rien laisser ni rien toucher. */
static void verifier_partielle(void)
{
	int semid, shmid;
	struct objet_ipc o;
	struct proc *p;

	etape("le correcteur crée seul un ensemble de sémaphores de clé ftok(CHEMIN, 'S'), "
	      "valeur 7");
	semid = semget(cle(ID_SEMAPHORES), 1, IPC_CREAT | IPC_EXCL | 0600);
	exiger(semid != -1 && semctl(semid, 0, SETVAL, (union semun){.val = 7}) == 0,
	       "banc : semget/SETVAL impossible");
	p = ETU("creer", chemin_cle(), "3");
	exiger_code(p, 1,
	            "Attendu : « creer » échoue (code 1) quand l'ensemble de sémaphores existe "
	            "déjà.");
	if (trouver_objet(SEGMENT, cle(ID_SEGMENT), &o))
		echec("Attendu : après l'échec de semget, creer supprime le segment qu'il vient de "
		      "créer : pas de tableau à moitié créé.\nObservé : il reste le segment id %d "
		      "(ipcrm -m %d).",
		      o.id, o.id);
	exiger(semctl(semid, 0, GETVAL) == 7,
	       "Attendu : l'ensemble existant n'est pas touché (valeur 7).\nObservé : %s.",
	       semctl(semid, 0, GETVAL) == -1 ? "il a été supprimé" : "sa valeur a changé");
	semctl(semid, 0, IPC_RMID);
	exiger_aucun_objet("après ce creer refusé");

	etape("le correcteur crée seul un segment de clé ftok(CHEMIN, 'T'), de 64 octets");
	shmid = shmget(cle(ID_SEGMENT), 64, IPC_CREAT | IPC_EXCL | 0600);
	exiger(shmid != -1, "banc : shmget impossible");
	p = ETU("creer", chemin_cle(), "3");
	exiger_code(p, 1, "Attendu : « creer » échoue (code 1) quand le segment existe déjà.");
	if (trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &o))
		echec("Attendu : creer ne laisse pas d'ensemble de sémaphores quand le segment ne "
		      "peut être créé.\nObservé : il reste l'ensemble id %d (ipcrm -s %d).",
		      o.id, o.id);
	exiger(trouver_objet(SEGMENT, cle(ID_SEGMENT), &o) && o.id == shmid && o.octets == 64,
	       "Attendu : le segment existant (id %d, 64 octets) n'est pas touché.\nObservé : il a "
	       "été supprimé ou remplacé.",
	       shmid);
	shmctl(shmid, IPC_RMID, NULL);
	exiger_aucun_objet("après ce creer refusé");
}

static void verifier_ajout(void)
{
	struct proc *p;

	creer_reference("4");
	exiger_reussite(ETU("ajouter", chemin_cle(), "2", "5"),
	                "Attendu : « ajouter CHEMIN 2 5 » termine avec le code 0.");
	exiger_contenu(4, 5, (long[]){0, 0, 5, 0}, "après « ajouter CHEMIN 2 5 »");
	exiger_rendu("après « ajouter CHEMIN 2 5 »");
	exiger_reussite(ETU("ajouter", chemin_cle(), "0", "-3", "4"),
	                "Attendu : « ajouter CHEMIN 0 -3 4 » fait 4 fois P, ajout, V, et termine "
	                "avec le code 0 (un V oublié le bloque sur son second P).");
	exiger_contenu(4, -7, (long[]){-12, 0, 5, 0}, "après « ajouter CHEMIN 0 -3 4 »");
	exiger_rendu("après « ajouter CHEMIN 0 -3 4 »");
	p = ETU("ajouter", chemin_cle(), "4", "1");
	exiger_code(p, 2,
	            "Attendu : « ajouter CHEMIN 4 1 » sur un tableau de 4 cases est refusé (usage, "
	            "code 2).");
	exiger_contenu(4, -7, (long[]){-12, 0, 5, 0}, "après un ajouter refusé");
	exiger_valeur(1, "après un ajouter refusé", "Un ajouter refusé ne doit rien changer.");
	detruire_reference();
}

/*
 * « ajouter CHEMIN 0 3 » de l'étudiant, retenu juste après son V (trace) : y a-t-il déjà tout
 * mis à jour ? Une mise à jour faite après V (hors section critique) ne se voit sinon que par
 * une course, pas à coup sûr. Vrai s'il en reste une à faire ; observe reçoit alors le tableau
 * vu à ce moment. Sans traçage ici, rien n'est conclu (faux).
 */
static bool maj_apres_v(char *observe, size_t taille)
{
	struct proc *a;
	struct retenue r;
	struct vue avant, v;
	bool manque = false;

	etape("« ajouter CHEMIN 0 3 » (étudiant) est retenu juste après son V (semop +1)");
	tracer_lancements(TRACER_SI_ETUDIANT);
	a = ETU("ajouter", chemin_cle(), "0", "3");
	tracer_lancements(NE_PAS_TRACER);
	if (!trace_ou_dire(a, "mise à jour faite avant V")) {
		exiger_code(a, 0, "Attendu : « ajouter » finit avec le code 0.");
		return false;
	}
	r = retenir(a, &(struct motif){.appel = SYS_semop, .apres = true, .sem_op_positif = true});
	exiger(voir_tableau(&avant),
	       "Attendu : le tableau existe.\nObservé : segment introuvable.");
	exiger_retenu(r, "Attendu : « ajouter CHEMIN 0 3 » (étudiant) fait son V (semop +1).");
	if (voir_tableau(&v) && (v.total != avant.total + 3 || v.cases[0] != avant.cases[0] + 3)) {
		manque = true;
		texte_tableau(observe, taille, v.n, v.total, v.cases);
	}
	relacher(r);
	exiger_code(a, 0, "Attendu : relâché après son V, « ajouter » finit avec le code 0.");
	return manque;
}

static void exiger_tout_avant_v(void)
{
	char observe[512];

	if (maj_apres_v(observe, sizeof observe))
		echec(
		    "Attendu : juste après le V de « ajouter CHEMIN 0 3 », la case 0 et total "
		    "déjà augmentés de 3.\nObservé : %s : une mise à jour est faite après V, hors "
		    "de la section critique (un autre écrivain ou un lecteur peut passer entre "
		    "les deux).",
		    observe);
}

static void verifier_exclusion(void)
{
	struct proc *a, *b;

	creer_reference("3");
	etape("l'écrivain de l'étudiant est arrêté en section critique ; un écrivain de "
	      "référence arrive");
	a = ecrivain_arrete(ETUDIANT, "0", "10");
	exiger_valeur(0, "pendant que « ajouter » (étudiant) est arrêté en section critique",
	              "Le sémaphore n'est pas pris pendant la mise à jour : P manque, ou V est "
	              "fait avant point_de_pause() et total += V.");
	exiger_contenu(3, 0, (long[]){10, 0, 0},
	               "au point de pause (case déjà augmentée, total pas encore)");
	b = REF("ajouter", chemin_cle(), "1", "7");
	exiger_attente_semop(b, "Attendu : un second écrivain attend dans semop tant que le "
	                        "premier est en section critique.");
	exiger_contenu(3, 0, (long[]){10, 0, 0}, "tant que le premier écrivain est arrêté");
	reprendre(a);
	exiger_code(a, 0, "Attendu : relancé (SIGCONT), « ajouter » finit avec le code 0.");
	exiger_code(b, 0, "Attendu : libéré par le V du premier, le second écrivain finit.");
	exiger_contenu(3, 17, (long[]){10, 7, 0}, "après les deux écrivains");
	exiger_rendu("après les deux écrivains");

	etape("un écrivain de référence est arrêté en section critique ; celui de l'étudiant "
	      "arrive");
	a = ecrivain_arrete(REFERENCE, "2", "5");
	b = ETU("ajouter", chemin_cle(), "2", "1");
	exiger_attente_semop(b, "Attendu : « ajouter » (étudiant) attend dans semop (P) tant "
	                        "qu'un autre écrivain tient le sémaphore.");
	exiger_contenu(3, 17, (long[]){10, 7, 5}, "tant que l'écrivain de référence est arrêté");
	reprendre(a);
	exiger_code(a, 0, "Attendu : relancé, l'écrivain de référence finit (code 0).");
	exiger_code(b, 0, "Attendu : libéré, « ajouter » (étudiant) finit avec le code 0.");
	exiger_contenu(3, 23, (long[]){10, 7, 6}, "après les deux écrivains");
	exiger_rendu("après les deux écrivains");
	exiger_tout_avant_v();
	detruire_reference();
}

static void verifier_lecteur(void)
{
	struct proc *w, *l;

	creer_reference("2");
	w = ecrivain_arrete(REFERENCE, "1", "10");
	l = ETU("lire", chemin_cle());
	exiger_attente_semop(l, "Attendu : « lire » attend dans semop (P) tant qu'un écrivain "
	                        "est en section critique : la case 1 vaut déjà 10 mais total "
	                        "encore 0.");
	reprendre(w);
	exiger_code(w, 0, "Attendu : relancé, l'écrivain de référence finit (code 0).");
	exiger_reussite(l, "Attendu : libéré par le V de l'écrivain, « lire » finit (code 0).");
	if (strcmp(sortie(l), "total 10\ncase 0 0\ncase 1 10\n") != 0) {
		montrer(l);
		echec("Attendu : « lire » affiche « total 10 », « case 0 0 », « case 1 10 ».\n"
		      "Observé : une autre sortie (ci-dessous).");
	}
	detruire_reference();
}

/*
 * p, bloqué dans son P, vient d'être suspendu (SIGSTOP) puis relancé (SIGCONT) : son semop a
 * rendu EINTR sans rien appliquer. Exige qu'il l'ait recommencé et attende de nouveau.
 */
static void exiger_reprise_apres_eintr(struct proc *p, const char *commande)
{
	if (!attendre_bloque(p, SYS_semop, delai(DELAI_COURT))) {
		montrer(p);
		echec(
		    "Attendu : suspendu (SIGSTOP) puis relancé (SIGCONT) pendant son P, « %s » "
		    "recommence le semop que EINTR a interrompu (rien n'a été appliqué) et attend "
		    "de nouveau.\nObservé : %s.%s",
		    commande, decrire(p),
		    termine(p) ? "\nsemop rend -1 avec errno EINTR quand un signal interrompt "
		                 "l'attente, même SIGSTOP puis SIGCONT : recommencez l'appel "
		                 "tant qu'il échoue avec EINTR."
		               : "");
	}
	exiger(sem(GETNCNT) == 1,
	       "Attendu : après sa reprise, « %s » est le seul à attendre dans son P (GETNCNT "
	       "1).\nObservé : GETNCNT vaut %d.",
	       commande, sem(GETNCNT));
}

static void verifier_eintr(void)
{
	struct proc *a, *b;

	creer_reference("2");
	etape("un écrivain de référence est arrêté en section critique ; « ajouter » (étudiant) "
	      "attend dans son P");
	a = ecrivain_arrete(REFERENCE, "0", "3");
	b = ETU("ajouter", chemin_cle(), "1", "4");
	exiger_attente_semop(b, "Attendu : « ajouter » (étudiant) attend dans semop (P) tant "
	                        "qu'un autre écrivain tient le sémaphore.");
	etape("« ajouter » (étudiant) est suspendu (SIGSTOP) puis relancé (SIGCONT) pendant son "
	      "P : semop rend EINTR");
	suspendre(b);
	reprendre(b);
	exiger_reprise_apres_eintr(b, "ajouter");
	reprendre(a);
	exiger_code(a, 0, "Attendu : relancé, l'écrivain de référence finit (code 0).");
	exiger_code(b, 0, "Attendu : libéré par le V de l'écrivain, « ajouter » finit (code 0).");
	exiger_contenu(2, 7, (long[]){3, 4}, "après les deux écrivains");
	exiger_rendu("après les deux écrivains");

	etape("même chose pour « lire » (étudiant), suspendu puis relancé pendant son P");
	a = ecrivain_arrete(REFERENCE, "0", "1");
	b = ETU("lire", chemin_cle());
	exiger_attente_semop(b, "Attendu : « lire » attend dans semop (P) tant qu'un écrivain "
	                        "est en section critique.");
	suspendre(b);
	reprendre(b);
	exiger_reprise_apres_eintr(b, "lire");
	reprendre(a);
	exiger_code(a, 0, "Attendu : relancé, l'écrivain de référence finit (code 0).");
	exiger_reussite(b, "Attendu : libéré par le V de l'écrivain, « lire » finit (code 0).");
	if (strcmp(sortie(b), "total 8\ncase 0 4\ncase 1 4\n") != 0) {
		montrer(b);
		echec("Attendu : « lire » affiche « total 8 », « case 0 4 », « case 1 4 ».\n"
		      "Observé : une autre sortie (ci-dessous).");
	}
	detruire_reference();
}

static void verifier_sem_undo(void)
{
	struct proc *a;

	creer_reference("2");
	a = ecrivain_arrete(ETUDIANT, "0", "3");
	exiger_valeur(0, "pendant que « ajouter » est arrêté en section critique",
	              "Le sémaphore n'est pas pris pendant la mise à jour (voir l'item "
	              "exclusion).");
	envoyer_signal(a, SIGKILL);
	if (!attendre_fin(a, delai(DELAI_COURT)))
		echec("banc : l'écrivain ne meurt pas après SIGKILL (%s)", decrire(a));
	exiger_valeur(1, "après la mort (SIGKILL) de l'écrivain en section critique",
	              "Sans SEM_UNDO, le P du mort n'est jamais annulé : le sémaphore reste à 0 et "
	              "tous les autres attendent pour toujours.");
	exiger_code(ETU("ajouter", chemin_cle(), "1", "4"), 0,
	            "Attendu : après la mort du premier, un nouvel « ajouter » passe (code 0).");
	exiger_contenu(2, 4, (long[]){3, 4},
	               "après le mort (case 0 augmentée, total non) et l'ajout suivant");

	exiger_rendu("après ces écrivains, avant le lecteur");
	etape("« lire » (étudiant) est arrêté au point de pause, sémaphore pris, puis tué "
	      "(SIGKILL)");
	a = TABLEAU(ETUDIANT, ARRET, "lire", chemin_cle());
	lecteur_arrete(a);
	exiger_valeur(0, "pendant que « lire » est arrêté au point de pause",
	              "lire ne tient pas le sémaphore à son point de pause (voir l'item "
	              "lecture).");
	envoyer_signal(a, SIGKILL);
	if (!attendre_fin(a, delai(DELAI_COURT)))
		echec("banc : le lecteur ne meurt pas après SIGKILL (%s)", decrire(a));
	exiger_valeur(1, "après la mort (SIGKILL) de « lire » arrêté sémaphore pris",
	              "Le P de lire est fait sans SEM_UNDO : le noyau ne l'annule pas à la mort "
	              "du lecteur, et plus personne n'entre. Le lecteur aussi fait P et V avec "
	              "SEM_UNDO.");
	exiger_contenu(2, 4, (long[]){3, 4}, "après la mort du lecteur (il ne modifie rien)");
	detruire_reference();
}

/* Attend que lire (lancé avec TABLEAU_PAUSE=arret) s'arrête au point de pause. */
static void lecteur_arrete(struct proc *l)
{
	if (!attendre_arrete(l, delai(DELAI_COURT))) {
		montrer(l);
		if (!sans_pause(l))
			echec_avant_pause(l, "lire");
		echec("Attendu : avec TABLEAU_PAUSE=arret, « lire » s'arrête au point de pause "
		      "(SIGSTOP), sémaphore pris.\nObservé : %s.\nAppelez point_de_pause() dans "
		      "lire, entre la copie et le V.",
		      decrire(l));
	}
}

/* Exige que lire soit attaché au segment du tableau, et seulement en lecture (r--s). */
static void exiger_lecture_seule(struct proc *l)
{
	char nom[32], *maps = lire_proc(l, "maps"), *ligne;
	bool vu = false;

	snprintf(nom, sizeof nom, "/SYSV%08x", (unsigned)cle(ID_SEGMENT));
	exiger(maps != NULL, "banc : /proc/PID/maps illisible");
	for (ligne = strtok(maps, "\n"); ligne != NULL; ligne = strtok(NULL, "\n")) {
		char droits[8] = "";

		if (strstr(ligne, nom) == NULL || sscanf(ligne, "%*s %7s", droits) != 1)
			continue;
		vu = true;
		if (droits[1] == 'w') {
			char copie[256];

			snprintf(copie, sizeof copie, "%s", ligne);
			free(maps);
			echec("Attendu : « lire » attache le segment en lecture seule (r--s dans "
			      "/proc/PID/maps).\nObservé : projection en lecture-écriture : %s",
			      copie);
		}
	}
	free(maps);
	exiger(vu,
	       "Attendu : arrêté au point de pause, « lire » a le segment %s attaché.\nObservé : "
	       "aucune projection de ce segment dans /proc/PID/maps.",
	       nom);
}

/* Vrai si la sortie de lire montre ce que le correcteur a écrit pendant son arrêt, ou pire. */
static bool copie_tardive(struct proc *l)
{
	return strstr(sortie(l), "case 0 10") != NULL || strstr(sortie(l), "total 11") != NULL ||
	       strstr(erreurs(l), "invariant") != NULL;
}

/*
 * Retenu juste avant son V (trace), « lire » n'a encore rien affiché : l'affichage se fait après
 * V, hors de la section critique (la sortie, ligne par ligne, se voit aussitôt écrite).
 */
static void exiger_affichage_apres_v(void)
{
	struct proc *l;
	struct retenue r;

	etape("« lire » (étudiant) est retenu juste avant son V (semop +1)");
	tracer_lancements(TRACER_SI_ETUDIANT);
	l = ETU("lire", chemin_cle());
	if (!trace_ou_dire(l, "affichage fait après V")) {
		exiger_code(l, 0, "Attendu : « lire » finit avec le code 0.");
		return;
	}
	r = retenir(l, &(struct motif){.appel = SYS_semop, .sem_op_positif = true});
	exiger_retenu(r, "Attendu : « lire CHEMIN » (étudiant) fait son V (semop +1).");
	if (*sortie(l) != '\0') {
		montrer(l);
		echec("Attendu : retenu juste avant son V, « lire » n'a encore rien affiché.\n"
		      "Observé : sa sortie a déjà commencé : l'affichage est fait en section "
		      "critique, sémaphore pris (les écrivains attendent la fin d'un printf).\n  "
		      "Indice : copier sous le sémaphore, V, puis afficher la copie.");
	}
	relacher(r);
	exiger_code(l, 0, "Attendu : relâché avant son V, « lire » finit avec le code 0.");
}

static void verifier_lecture(void)
{
	static const char attendu[] = "total 10\ncase 0 0\ncase 1 4\ncase 2 6\n";
	struct proc *l, *w;
	int shmid;
	struct tableau *t;
	struct objet_ipc restes[8];

	creer_reference("3");
	ajouter_reference("1", "4");
	ajouter_reference("2", "6");
	l = TABLEAU(ETUDIANT, ARRET, "lire", chemin_cle());
	lecteur_arrete(l);
	exiger_lecture_seule(l);
	exiger_valeur(0, "pendant que « lire » est arrêté au point de pause",
	              "lire ne tient pas le sémaphore à son point de pause : P manque, ou V est "
	              "fait avant la copie. Ordre attendu : P, copie, point_de_pause(), V.");
	etape("un écrivain de référence arrive pendant que « lire » est arrêté");
	w = REF("ajouter", chemin_cle(), "0", "5");
	exiger_attente_semop(w, "Attendu : un écrivain attend dans semop tant que « lire » est "
	                        "arrêté en section critique.");

	/* Écriture voulue, sans le sémaphore : seule une copie faite après la pause la verra. */
	etape("le correcteur écrit lui-même case 0 = 100 et total = 110 dans le segment : une "
	      "copie faite avant le point de pause ne le voit pas");
	shmid = shmget(cle(ID_SEGMENT), 0, 0);
	t = shmat(shmid, NULL, 0);
	exiger(t != (void *)-1, "banc : shmat impossible");
	t->cases[0] = 100;
	t->total = 110;
	shmdt(t);
	exiger_contenu(3, 110, (long[]){100, 4, 6},
	               "tant que « lire » est arrêté (l'écrivain attend toujours)");
	reprendre(l);
	exiger_fin(l, "Attendu : relancé (SIGCONT), « lire » finit.");
	if (code_sortie(l) != 0 || strcmp(sortie(l), attendu) != 0) {
		bool tardive = copie_tardive(l);

		montrer(l);
		echec(
		    "Attendu : « lire » finit avec le code 0 et affiche « total 10 » puis « case 0 "
		    "0 », « case 1 4 », « case 2 6 », une ligne chacun : le tableau copié sous le "
		    "sémaphore, avant le point de pause.\nObservé : %s, sortie ci-dessous.%s",
		    decrire(l),
		    tardive ? "\nLa copie voit ce que le correcteur (case 0 = 100, total = 110) ou "
		              "l'écrivain (+5) ont écrit pendant l'arrêt de « lire » : elle est "
		              "faite après point_de_pause(), voire après V, hors section critique. "
		              "Ordre attendu : P, copie, point_de_pause(), V."
		            : "");
	}
	exiger_code(w, 0,
	            "Attendu : libéré par le V de « lire », l'écrivain de référence finit "
	            "(code 0).");
	exiger_contenu(3, 115, (long[]){105, 4, 6}, "après « lire » puis l'écrivain");
	exiger_rendu("après « lire » puis l'écrivain");
	exiger_affichage_apres_v();

	etape("le correcteur fausse total (116 au lieu de 115)");
	shmid = shmget(cle(ID_SEGMENT), 0, 0);
	t = shmat(shmid, NULL, 0);
	exiger(t != (void *)-1, "banc : shmat impossible");
	t->total = 116;
	shmdt(t);
	l = ETU("lire", chemin_cle());
	exiger_code(l, 1,
	            "Attendu : « lire » d'un tableau dont total (116) n'est pas la somme des cases "
	            "(115) finit avec le code 1.");
	exiger(*erreurs(l) != '\0', "Attendu : un message sur stderr.\nObservé : rien.");

	etape("le correcteur rétablit total (115) ; « lire » (étudiant) est arrêté au point de "
	      "pause ; le tableau est détruit (référence) ; relancé, son V échoue");
	t = shmat(shmid, NULL, 0);
	exiger(t != (void *)-1, "banc : shmat impossible");
	t->total = 115;
	shmdt(t);
	l = TABLEAU(ETUDIANT, ARRET, "lire", chemin_cle());
	lecteur_arrete(l);
	shmid = shmget(cle(ID_SEGMENT), 0, 0);
	detruire_reference();
	reprendre(l);
	exiger_fin(l, "Attendu : relancé après la destruction du tableau, « lire » finit.");
	if (code_sortie(l) != 1 || *erreurs(l) == '\0') {
		montrer(l);
		echec("Attendu : relancé après la destruction du tableau, « lire » voit son V "
		      "échouer (l'ensemble n'existe plus : EINVAL ou EIDRM), le dit sur stderr et "
		      "sort avec le code 1.\nObservé : %s%s. Le résultat de chaque semop se "
		      "vérifie : une erreur autre que EINTR se signale par err().",
		      decrire(l), *erreurs(l) == '\0' ? ", sans message" : "");
	}
	for (size_t k = 0, n = lister_objets(restes, NB_ELEMENTS(restes)); k < n; k++)
		exiger(restes[k].genre != SEGMENT || restes[k].id != shmid,
		       "Attendu : le segment détruit pendant que « lire » y était attaché (id %d) "
		       "disparaît avec son dernier détachement.\nObservé : il existe encore :\n%s",
		       shmid, objets_restants());
}

/* Processus lancés qui doivent tous attendre dans semop avant le départ groupé. */
struct depart {
	struct proc **p;
	int nb;
};

/*
 * Pour attendre() : vrai quand les nb attendent dans semop (GETNCNT), ou dès que l'un a fini ou
 * calcule au lieu de dormir (attente active : il n'attendra jamais dans semop).
 */
static bool tous_en_attente(void *arg)
{
	const struct depart *d = arg;

	for (int k = 0; k < d->nb; k++)
		if (termine(d->p[k]) || calcule_depuis(d->p[k], 0))
			return true;
	return sem(GETNCNT) >= d->nb;
}

/* Pour attendre() : vrai quand les nb ont fini. */
static bool tous_finis(void *arg)
{
	const struct depart *d = arg;

	for (int k = 0; k < d->nb; k++)
		if (!termine(d->p[k]))
			return false;
	return true;
}

/*
 * Comme exiger_code(p, 0, ...), sans juger le processeur consommé : un écrivain qui passe le
 * sémaphore à chaque tour à un autre calcule pour de bon (changements de contexte). Une
 * boucle sans fin va jusqu'à l'échéance ; un interblocage est jugé aussitôt (attendre_fin).
 */
static void exiger_succes_dispute(struct proc *p, const char *attendu)
{
	if (!attendre_fin(p, delai(DELAI_COURT)))
		echec("%s\nObservé : après %.1f s, %s.", attendu, duree_secondes(p), decrire(p));
	if (code_sortie(p) != 0) {
		montrer(p);
		echec("%s\nObservé : %s (code de sortie attendu : 0).%s", attendu, decrire(p),
		      indice_erreur(p));
	}
}

static void verifier_concurrence(void)
{
	enum { SUIVANTS = 3, LECTEURS = 3, NB = SUIVANTS + LECTEURS, TOURS = 2000 };
	struct proc *a, *p[NB];
	struct depart d = {p, NB};
	char tours[16], attendu[96], etats[1024];
	size_t lg = 0;
	int ncnt;

	snprintf(tours, sizeof tours, "%d", TOURS);
	/* Un ajout fini hors section critique fausse le départ groupé ou non, selon la course :
	 * vu à coup sûr d'abord (retenue après V), il rend l'item non évaluable. */
	creer_reference("2");
	if (maj_apres_v(etats, sizeof etats))
		echec("Non évaluable : « ajouter » finit sa mise à jour après son V (%s, vu retenu "
		      "juste après le V) : le résultat d'un départ groupé dépendrait de "
		      "l'ordonnancement. Voir l'item exclusion.",
		      etats);
	detruire_reference();
	creer_reference("2");
	etape("départ groupé : un écrivain (étudiant) est arrêté en section critique ; 3 écrivains "
	      "de %d ajouts et 3 lecteurs (étudiant) arrivent et doivent tous l'attendre",
	      TOURS);
	a = ecrivain_arrete(ETUDIANT, "0", "1");
	exiger_valeur(0, "pendant que le premier écrivain est arrêté en section critique",
	              "Le sémaphore n'est pas pris au point de pause (voir l'item exclusion) : "
	              "rien n'empêchera les autres d'entrer.");
	for (int k = 0; k < SUIVANTS; k++)
		p[k] = ETU("ajouter", chemin_cle(), k % 2 ? "0" : "1", "1", tours);
	for (int k = SUIVANTS; k < NB; k++)
		p[k] = ETU("lire", chemin_cle());
	attendre(tous_en_attente, &d, delai(DELAI_COURT));
	for (int k = 0; k < NB; k++)
		if (termine(p[k])) {
			montrer(p[k]);
			echec(
			    "Attendu : tant que le premier écrivain tient le sémaphore, les 3 "
			    "autres "
			    "écrivains et les 3 lecteurs attendent dans semop (leur P).\nObservé : "
			    "%s sans avoir attendu : son P manque.",
			    decrire(p[k]));
		}
	ncnt = sem(GETNCNT);
	if (ncnt != NB) {
		for (int k = 0; k < NB && lg < sizeof etats - 160; k++)
			lg += (size_t)snprintf(etats + lg, sizeof etats - lg, "\n  %s",
			                       decrire(p[k]));
		echec(
		    "Attendu : les 3 écrivains et les 3 lecteurs attendent dans semop tant que le "
		    "premier écrivain tient le sémaphore (GETNCNT 6).\nObservé : GETNCNT vaut "
		    "%d.%s",
		    ncnt, etats);
	}
	etape("le premier écrivain est relancé : les 6 autres partent ensemble");
	reprendre(a);
	exiger_code(a, 0, "Attendu : relancé, le premier écrivain finit (code 0).");
	/* D'abord que tous finissent (ou l'échéance) : le rapport d'un échec ne dépend pas alors
	 * de ceux qui tournaient encore à l'instant où il est vu. */
	attendre(tous_finis, &d, delai(DELAI_COURT));
	snprintf(attendu, sizeof attendu,
	         "Attendu : chaque « ajouter CHEMIN I 1 %d » finit (code 0).", TOURS);
	for (int k = 0; k < SUIVANTS; k++)
		exiger_succes_dispute(p[k], attendu);
	for (int k = SUIVANTS; k < NB; k++)
		exiger_succes_dispute(
		    p[k],
		    "Attendu : « lire », parti en même temps que les écrivains, voit toujours "
		    "total égal à la somme des cases (code 0).");
	snprintf(attendu, sizeof attendu,
	         "après les 4 écrivains (1 + %d × %d ajouts), sans ajout perdu", SUIVANTS, TOURS);
	exiger_contenu(2, 1 + SUIVANTS * TOURS, (long[]){1 + TOURS, 2 * TOURS}, attendu);
	exiger_rendu("après tous les écrivains et lecteurs");
	a = ETU("lire", chemin_cle());
	exiger_code(a, 0, "Attendu : « lire » finit avec le code 0.");
	snprintf(attendu, sizeof attendu, "total %d\ncase 0 %d\ncase 1 %d\n", 1 + SUIVANTS * TOURS,
	         1 + TOURS, 2 * TOURS);
	if (strcmp(sortie(a), attendu) != 0) {
		montrer(a);
		echec("Attendu : « lire » affiche total %d, case 0 %d, case 1 %d.\nObservé : une "
		      "autre sortie (ci-dessous).",
		      1 + SUIVANTS * TOURS, 1 + TOURS, 2 * TOURS);
	}
	detruire_reference();
}

/* Un des deux objets manque (manque) : detruire supprime l'autre (reste), le dit, code 1. */
static void exiger_detruire_incomplet(const char *manque, enum genre_ipc g, const char *reste)
{
	struct proc *p = ETU("detruire", chemin_cle());
	int id = g == SEGMENT ? ID_SEGMENT : ID_SEMAPHORES;

	exiger_fin(p, "Attendu : « detruire » finit aussitôt.");
	if (trouver_objet(g, cle(id), NULL)) {
		montrer(p);
		echec("Attendu : quand %s manque, « detruire » supprime quand même %s, puis le "
		      "signale et sort avec le code 1.\nObservé : %s ; %s existe encore :\n%s",
		      manque, reste, decrire(p), reste, objets_restants());
	}
	if (code_sortie(p) != 1 || *erreurs(p) == '\0') {
		montrer(p);
		echec("Attendu : quand l'un des deux manque (ici %s), « detruire » supprime "
		      "l'autre, le dit sur stderr et termine avec le code 1.\nObservé : %s%s.",
		      manque, decrire(p), *erreurs(p) == '\0' ? ", sans message" : "");
	}
}

static void verifier_destruction(void)
{
	struct proc *p;
	char absent[512];

	struct objet_ipc seg, ens;

	if (fixer_prochains_ids(7500, 9200))
		etape("prochains identifiants fixés (7500 pour le segment, 9200 pour les "
		      "sémaphores) : ils diffèrent des indices du noyau");
	creer_reference("2");
	trouver_objet(SEGMENT, cle(ID_SEGMENT), &seg);
	trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &ens);
	p = ETU("detruire", chemin_cle());
	exiger_code(p, 0, "Attendu : « detruire » supprime le tableau et termine avec le code 0.");
	exiger_ids_affiches(p, "detruire CHEMIN", seg.id, ens.id);
	exiger(!trouver_objet(SEGMENT, cle(ID_SEGMENT), NULL),
	       "Attendu : après « detruire », plus de segment.\nObservé : il existe encore :\n%s",
	       objets_restants());
	exiger(!trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), NULL),
	       "Attendu : après « detruire », plus d'ensemble de sémaphores.\nObservé : il existe "
	       "encore :\n%s",
	       objets_restants());

	etape("plus de tableau : detruire, ajouter et lire doivent échouer sans rien créer");
	p = ETU("detruire", chemin_cle());
	exiger_code(p, 1, "Attendu : « detruire » sans tableau échoue avec le code 1.");
	exiger(*erreurs(p) != '\0', "Attendu : un message sur stderr.\nObservé : rien.");
	exiger_code(ETU("ajouter", chemin_cle(), "0", "1"), 1,
	            "Attendu : « ajouter » sans tableau échoue avec le code 1.");
	exiger_code(ETU("lire", chemin_cle()), 1,
	            "Attendu : « lire » sans tableau échoue avec le code 1.");
	exiger_aucun_objet("après detruire, ajouter et lire sans tableau");

	snprintf(absent, sizeof absent, "%s/absent", dossier_test());
	exiger_code(ETU("detruire", absent), 1,
	            "Attendu : « detruire » avec un fichier clé inexistant échoue (code 1).");

	etape("il ne reste que le segment (le correcteur a supprimé l'ensemble de sémaphores)");
	creer_reference("2");
	semctl(semget(cle(ID_SEMAPHORES), 0, 0), 0, IPC_RMID);
	exiger_detruire_incomplet("l'ensemble de sémaphores", SEGMENT, "le segment");
	etape("il ne reste que l'ensemble de sémaphores (le correcteur a supprimé le segment)");
	creer_reference("2");
	shmctl(shmget(cle(ID_SEGMENT), 0, 0), IPC_RMID, NULL);
	exiger_detruire_incomplet("le segment", SEMAPHORES, "l'ensemble de sémaphores");
}

/* Lance tableau (étudiant) avec ces arguments ; exige l'usage sur stderr et le code 2. */
static void exiger_usage(const char *const *args)
{
	struct proc *p =
	    lancer_ex(&(struct lancement){.origine = ETUDIANT, .prog = "tableau", .args = args});

	exiger_code(p, 2, "Attendu : arguments invalides → usage sur stderr, code 2.");
	exiger(strstr(erreurs(p), "usage") != NULL,
	       "Attendu : l'usage sur stderr.\nObservé : stderr ne contient pas « usage ».");
}

static void verifier_arguments(void)
{
	const char *k = chemin_cle();
	const char *const *sans_tableau[] = {
	    (const char *const[]){NULL},
	    (const char *const[]){"inconnu", k, NULL},
	    (const char *const[]){"creer", k, NULL},
	    (const char *const[]){"creer", k, "0", NULL},
	    (const char *const[]){"creer", k, "257", NULL},
	    (const char *const[]){"creer", k, "3x", NULL},
	    (const char *const[]){"creer", k, "3", "4", NULL},
	    (const char *const[]){"ajouter", k, "0", NULL},
	    (const char *const[]){"ajouter", k, "-1", "5", NULL},
	    (const char *const[]){"ajouter", k, "256", "5", NULL},
	    (const char *const[]){"ajouter", k, "0", "abc", NULL},
	    (const char *const[]){"ajouter", k, "0", "5", "0", NULL},
	    (const char *const[]){"ajouter", k, "0", "5", "-2", NULL},
	    (const char *const[]){"ajouter", k, "0", "5", "1", "1", NULL},
	    (const char *const[]){"lire", NULL},
	    (const char *const[]){"lire", k, "x", NULL},
	    (const char *const[]){"detruire", NULL},
	    (const char *const[]){"detruire", k, "x", NULL},
	};
	/* Avec un tableau de 3 cases : rien ne doit le modifier, ni créer un autre objet (les bornes
	 * de V et R de tableau.h ne sont vérifiées qu'ici, où une valeur acceptée se voit). */
	const char *const *avec_tableau[] = {
	    (const char *const[]){"creer", k, "0", NULL},
	    (const char *const[]){"creer", k, "3", "4", NULL},
	    (const char *const[]){"ajouter", k, "0", "1000001", NULL},
	    (const char *const[]){"ajouter", k, "0", "-1000001", NULL},
	    (const char *const[]){"ajouter", k, "0", "5", "1000001", NULL},
	    (const char *const[]){"ajouter", k, "0", "5", "0", NULL},
	    (const char *const[]){"ajouter", k, "0", "5x", NULL},
	    (const char *const[]){"ajouter", k, "3", "5", NULL},
	    (const char *const[]){"detruire", k, "x", NULL},
	};
	struct objet_ipc seg, ens, t[4];

	for (size_t i = 0; i < NB_ELEMENTS(sans_tableau); i++) {
		exiger_usage(sans_tableau[i]);
		exiger_aucun_objet("après des arguments invalides");
	}

	etape(
	    "avec un tableau de 3 cases (case 1 = 4) : des arguments invalides n'y changent rien");
	creer_reference("3");
	ajouter_reference("1", "4");
	trouver_objet(SEGMENT, cle(ID_SEGMENT), &seg);
	trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &ens);
	for (size_t i = 0; i < NB_ELEMENTS(avec_tableau); i++) {
		exiger_usage(avec_tableau[i]);
		exiger_contenu(3, 4, (long[]){0, 4, 0}, "après des arguments invalides");
		exiger_valeur(1, "après des arguments invalides",
		              "Des arguments invalides ne doivent toucher à rien.");
		exiger(
		    lister_objets(t, NB_ELEMENTS(t)) == 2 &&
		        trouver_objet(SEGMENT, cle(ID_SEGMENT), &t[0]) && t[0].id == seg.id &&
		        trouver_objet(SEMAPHORES, cle(ID_SEMAPHORES), &t[1]) && t[1].id == ens.id,
		    "Attendu après des arguments invalides : le segment (id %d) et les sémaphores "
		    "(id %d) du tableau, rien d'autre.\nObservé :\n%s",
		    seg.id, ens.id, objets_restants());
	}
	detruire_reference();
}

/*
 * Les fuites sont à la charge de l'item où elles se produisent ; celui-ci ne juge que ce
 * qu'aucun autre ne voit : un item réussi qui laisse des objets derrière lui, et ajouter ou
 * lire qui créent un objet en plus, et un segment jamais détaché (trace). Le tableau est créé et
 * détruit par la référence : un creer ou un detruire faux est jugé par creation et destruction,
 * pas une seconde fois ici (le creer de l'étudiant n'y sert qu'à voir son shmdt).
 */
/* Pour nettoyage : p (étudiant) ne doit pas s'être arrêté sur une étape non écrite. */
static void exiger_ecrit(struct proc *p, const char *quoi)
{
	attendre_fin(p, delai(DELAI_COURT));
	exiger(code_sortie(p) != 99,
	       "Attendu : « %s » ne crée aucun objet.\nObservé : non évaluable, le programme "
	       "s'arrête sur une étape pas encore écrite (code 99).",
	       quoi);
}

/*
 * Un segment attaché (shmat réussi) est détaché (shmdt) avant une fin réussie : la sortie
 * détache aussi, si bien que seule la trace des appels le voit. Un programme sorti en erreur
 * est jugé par l'item de son erreur, pas ici. Sans traçage ici, rien n'est conclu.
 */
static void exiger_detache(struct proc *p, const char *commande)
{
	attendre_fin(p, delai(DELAI_COURT));
	if (code_sortie(p) != 0)
		return;
	if (!trace_ou_dire(p, "shmdt"))
		return;
	if (premier_appel(p, &(struct motif){.appel = SYS_shmat, .apres = true}) != NULL &&
	    premier_appel(p, &(struct motif){.appel = SYS_shmdt}) == NULL) {
		montrer(p);
		echec(
		    "Attendu : « %s » détache le segment (shmdt) qu'il a attaché.\nObservé : "
		    "shmat, puis aucun shmdt jusqu'à la fin (la sortie détache, mais un programme "
		    "qui s'attache sans se détacher garde le segment tant qu'il vit).",
		    commande);
	}
}

static void verifier_nettoyage(void)
{
	struct objet_ipc t[8];
	struct proc *p;

	exiger_aucune_fuite_precedente();
	tracer_lancements(TRACER_SI_ETUDIANT); /* les shmdt ne se voient que dans la trace */
	etape("tableau créé par la référence ; ajouter et lire (étudiant) ne doivent rien créer");
	creer_reference("3");
	p = ETU("ajouter", chemin_cle(), "1", "2", "3");
	exiger_ecrit(p, "ajouter CHEMIN 1 2 3");
	exiger_detache(p, "ajouter CHEMIN 1 2 3");
	p = ETU("lire", chemin_cle());
	exiger_ecrit(p, "lire CHEMIN");
	exiger_detache(p, "lire CHEMIN");
	/* Seul compte un objet en plus : un tableau abîmé est jugé par les autres items. */
	for (size_t k = 0, n = lister_objets(t, NB_ELEMENTS(t)); k < n; k++)
		exiger(t[k].cle == cle(ID_SEGMENT) || t[k].cle == cle(ID_SEMAPHORES),
		       "Attendu : après ajouter et lire, le segment et l'ensemble du tableau, rien "
		       "d'autre.\nObservé :\n%s",
		       objets_restants());
	supprimer_objets();
	etape("creer (étudiant) sur un tableau neuf");
	p = ETU("creer", chemin_cle(), "2");
	exiger_ecrit(p, "creer CHEMIN 2");
	exiger_detache(p, "creer CHEMIN 2");
	supprimer_objets();
}

/*
 * Lance tableau ARGS (étudiant) sous memcheck, attend sa fin et ne juge que ce que memcheck
 * signale : le code de sortie et l'effet sont jugés par les autres items. env : NULL ou ARRET.
 */
static struct proc *sous_memcheck(const char *const *args, const char *const *env)
{
	return lancer_ex(&(struct lancement){
	    .origine = ETUDIANT, .prog = "tableau", .args = args, .env = env, .valgrind = true});
}

static void juger_memcheck(struct proc *p, const char *quoi)
{
	/* memcheck multiplie le temps de démarrage, même sans VALGRIND=1 : échéance élargie. */
	/* Bloqué (un objet manque, ou un P sans fin) : supprimer les objets le réveille (EIDRM). */
	if (!attendre_fin_sobre(p, delai(5 * DELAI_COURT))) {
		etape(
		    "« %s » ne finit pas : le correcteur supprime les objets IPC pour le réveiller",
		    quoi);
		supprimer_objets();
	}
	if (!attendre_fin_sobre(p, delai(5 * DELAI_COURT)))
		echec("Attendu : « %s » finit sous valgrind.\nObservé : %s. memcheck ne rend son "
		      "rapport qu'à la fin du programme : non évaluable ici, ce qui l'empêche de "
		      "finir "
		      "est jugé par les autres items.",
		      quoi, decrire(p));
	exiger(code_sortie(p) != 99,
	       "Attendu : « %s » sous valgrind.\nObservé : non évaluable, le programme s'arrête "
	       "sur une étape pas encore écrite (code 99) : memcheck ne juge que du code écrit.",
	       quoi);
	exiger_memcheck(p);
}

static void verifier_valgrind(void)
{
	const char *k = chemin_cle();
	struct proc *l;

	/* Six passages sous memcheck (chacun coûte une seconde de processeur) : le chemin
	 * nominal de chaque sous-commande et un chemin d'erreur de chaque sorte. */
	etape("chaque programme sous memcheck, sur un tableau mis en place par la référence : "
	      "seul compte ce que memcheck signale, chemins d'erreur compris");
	juger_memcheck(sous_memcheck((const char *const[]){"creer", k, "4", NULL}, NULL),
	               "creer CHEMIN 4");
	supprimer_objets();
	creer_reference("4");
	juger_memcheck(
	    sous_memcheck((const char *const[]){"ajouter", k, "3", "5", "2", NULL}, NULL),
	    "ajouter CHEMIN 3 5 2");
	juger_memcheck(sous_memcheck((const char *const[]){"ajouter", k, "4", "1", NULL}, NULL),
	               "ajouter CHEMIN 4 1 (I hors du tableau : refusé)");
	juger_memcheck(sous_memcheck((const char *const[]){"lire", k, NULL}, NULL), "lire CHEMIN");

	etape("« lire » sous memcheck, arrêté au point de pause pendant que le correcteur "
	      "supprime le tableau : son V échoue");
	l = sous_memcheck((const char *const[]){"lire", k, NULL}, ARRET);
	if (attendre_arrete(l, delai(5 * DELAI_COURT))) {
		supprimer_objets();
		reprendre(l);
		juger_memcheck(l, "lire CHEMIN (V sur un ensemble supprimé)");
	} else if (termine(l)) { /* fini avant sa pause : jugé par lecture ; memcheck seul ici */
		juger_memcheck(l, "lire CHEMIN");
		supprimer_objets();
	} else {
		echec(
		    "Attendu : avec TABLEAU_PAUSE=arret, « lire » s'arrête au point de pause sous "
		    "valgrind.\nObservé : %s. Ce scénario dépend du point de pause de lire, jugé "
		    "par l'item lecture.",
		    decrire(l));
	}

	etape("« detruire » sous memcheck quand l'ensemble de sémaphores manque");
	creer_reference("2");
	semctl(semget(cle(ID_SEMAPHORES), 0, 0), 0, IPC_RMID);
	juger_memcheck(sous_memcheck((const char *const[]){"detruire", k, NULL}, NULL),
	               "detruire CHEMIN (ensemble absent)");
	/* Ce qui reste (detruire incomplet) est jugé par destruction, pas par nettoyage. */
	supprimer_objets();
}

static const struct item items[] = {
    {"creation", 2, "creer : clés 'T' et 'S', droits 0600, taille pour N cases, sémaphore à 1",
     "shmget(cle, taille, IPC_CREAT | IPC_EXCL | 0600) : la taille compte l'en-tête puis N "
     "cases (sizeof d'un pointeur ne suffit pas, même si la page arrondie le cache) ; un "
     "ensemble neuf vaut 0 : semctl(semid, 0, SETVAL, arg) avec arg.val = 1 (cours : "
     "« Initialisation »).",
     verifier_creation, NOTE},
    {"double", 1, "un second creer est refusé sans abîmer le premier tableau",
     "IPC_EXCL fait échouer shmget/semget (EEXIST) si l'objet existe ; sans lui, creer "
     "récupère le tableau d'un autre et le réinitialise (cours : « Création et "
     "identification d'un segment »).",
     verifier_double, NOTE},
    {"partielle", 1, "creer ne laisse jamais un tableau à moitié créé",
     "si semget échoue après un shmget réussi, supprimer le segment (shmctl IPC_RMID) avant "
     "err() : sinon le segment orphelin bloque toute nouvelle création (ipcs -m).",
     verifier_partielle, NOTE},
    {"ajout", 2, "ajouter : cases et total justes, sémaphore rendu, case hors tableau refusée",
     "P = semop(-1) et V = semop(+1) sur le sémaphore 0, le même sem_flg (SEM_UNDO) pour les "
     "deux ; I est comparé au n lu dans le segment (cours : « Opérations - suite »).",
     verifier_ajout, NOTE},
    {"exclusion", 2, "un écrivain en section critique bloque les autres (GETVAL 0, GETNCNT 1)",
     "tout ce qui touche cases et total, point_de_pause() compris, entre P et V ; un second "
     "écrivain doit dormir dans semop jusqu'au V du premier (cours : « Rappels », P et V).",
     verifier_exclusion, NOTE},
    {"lecteur", 1, "lire attend pendant qu'un écrivain tient le sémaphore",
     "lire fait P avant de copier le tableau : sans cela il peut voir une case déjà "
     "augmentée et un total pas encore (invariant rompu).",
     verifier_lecteur, NOTE},
    {"eintr", 1, "ajouter et lire, suspendus puis relancés pendant leur P, recommencent semop",
     "semop rend EINTR quand un signal interrompt l'attente (SIGSTOP puis SIGCONT aussi) : rien "
     "n'a été appliqué, on recommence (while (semop(...) == -1 && errno == EINTR)).",
     verifier_eintr, NOTE},
    {"sem_undo", 2,
     "un écrivain ou un lecteur tué en section critique ne bloque pas les autres (SEM_UNDO)",
     "sem_flg = SEM_UNDO pour chaque P et chaque V, ceux de lire compris : à la mort d'un "
     "processus, même par SIGKILL, le noyau annule ses opérations ; le tableau, lui, reste tel "
     "que le mort l'a laissé (cours : exemples de P et V avec SEM_UNDO).",
     verifier_sem_undo, NOTE},
    {"lecture", 2,
     "lire : attaché en lecture seule (r--s), copie sous le sémaphore, sortie exacte, invariant "
     "vérifié",
     "shmat(shmid, NULL, SHM_RDONLY) : lire n'écrit pas, et une écriture par erreur ferait "
     "SIGSEGV au lieu de corrompre le tableau (cours : « Demande d'accès : attachement ») ; "
     "P, copie de n, total et des cases, point_de_pause(), V : tant que lire n'a pas fait V, "
     "aucun écrivain n'entre.",
     verifier_lecture, NOTE},
    {"concurrence", 1,
     "départ groupé de 3 écrivains × 2000 ajouts et 3 lecteurs : total exact, invariant tenu, "
     "sémaphore rendu",
     "chaque ajout (case et total) dans une même section critique ; lire copie sous le même "
     "sémaphore ; P et V avec le même sem_flg (SEM_UNDO), sinon la sortie d'un écrivain fausse "
     "le sémaphore.",
     verifier_concurrence, NOTE},
    {"destruction", 2,
     "detruire supprime segment et sémaphores (même si l'un manque), échoue proprement sans "
     "tableau",
     "shmctl(shmid, IPC_RMID, NULL) et semctl(semid, 0, IPC_RMID) : les deux objets "
     "persistent tant qu'on ne les supprime pas ; si l'un manque, supprimer l'autre avant de "
     "sortir avec le code 1 ; sans tableau, shmget/semget sans IPC_CREAT échouent (ENOENT) : "
     "err(), code 1.",
     verifier_destruction, NOTE},
    {"arguments", 1, "arguments invalides : usage, code 2, rien de créé ni modifié",
     "les arguments (bornes de tableau.h comprises : |V| ≤ 10⁶, 1 ≤ R ≤ 10⁶) sont vérifiés "
     "avant tout appel IPC ; usage() quitte avec le code 2 (common/commun.h).",
     verifier_arguments, NOTE},
    {"nettoyage", 1,
     "aucun objet IPC ne reste après un item réussi ; ajouter et lire ne créent rien ; creer, "
     "ajouter et lire détachent le segment",
     "ipcs -m -s montre ce qui reste ; seul creer crée des objets (le segment et l'ensemble), "
     "et detruire les supprime. Chaque shmat a son shmdt (detacher).",
     verifier_nettoyage, NOTE},
    {"valgrind", 1,
     "creer, ajouter, lire et detruire sans erreur mémoire (memcheck), chemins d'erreur compris",
     "valgrind --leak-check=full ./tableau lire CHEMIN montre chaque erreur et la ligne où elle "
     "se produit.",
     verifier_valgrind, NOTE},
};

static const struct tp tp = {"02-tableau", items, NB_ELEMENTS(items)};

int main(int argc, char **argv)
{
	return banc_main(argc, argv, &tp);
}
