/*
 * correcteur.c : correcteur du TP 3 (rendez-vous de N processus avec l'opération Z).
 *
 * Chaque item lance le programme rdv de l'étudiant, seul ou avec celui de référence (pour
 * accuser la bonne sous-commande), puis observe l'ensemble de sémaphores de l'extérieur :
 * semctl(GETVAL, GETZCNT, GETNCNT), /proc/sysvipc/sem, l'appel système où dort chaque
 * participant, le temps processeur consommé. Aucune pause à l'aveugle : on attend des états
 * observables avec une échéance.
 */
#include "banc.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Identifiants ftok du contrat (rdv.h). */
#define ID_RDV   'R'
#define ID_TOURS 'B'

/* ---- Lecture de l'ensemble du rendez-vous ---- */

struct sem_etat {
	bool existe;
	int semid;
	int valeur;
	int zcnt; /* GETZCNT : processus endormis dans une opération Z */
	int ncnt; /* GETNCNT : processus endormis dans un décrément */
};

static struct sem_etat lire_sem(void)
{
	struct sem_etat e = {.semid = semget(cle(ID_RDV), 0, 0)};

	if (e.semid == -1)
		return e;
	e.valeur = semctl(e.semid, 0, GETVAL);
	e.zcnt = semctl(e.semid, 0, GETZCNT);
	e.ncnt = semctl(e.semid, 0, GETNCNT);
	e.existe = e.valeur != -1 && e.zcnt != -1 && e.ncnt != -1;
	return e;
}

/* « valeur 1, GETZCNT 3, GETNCNT 0 » ou « aucun ensemble » (tampon tournant). */
static const char *decrire_sem(struct sem_etat e)
{
	static char tampons[4][96];
	static int i;
	char *t = tampons[i++ % 4];

	if (!e.existe)
		snprintf(t, sizeof tampons[0], "aucun ensemble pour ftok(CHEMIN, '%c')", ID_RDV);
	else
		snprintf(t, sizeof tampons[0], "valeur %d, GETZCNT %d, GETNCNT %d", e.valeur,
		         e.zcnt, e.ncnt);
	return t;
}

/* État voulu ; -1 : indifférent. Si l'un des vivants (liste terminée par NULL, 8 au plus) finit
 * ou calcule au lieu de dormir, l'attente s'arrête : l'état ne viendra plus. */
struct voulu {
	int valeur, zcnt, ncnt;
	struct proc **vivants;
	double cpu0[8];
};

static bool sem_atteint(const struct voulu *v)
{
	struct sem_etat e = lire_sem();

	return e.existe && (v->valeur < 0 || e.valeur == v->valeur) &&
	       (v->zcnt < 0 || e.zcnt == v->zcnt) && (v->ncnt < 0 || e.ncnt == v->ncnt);
}

static bool sem_conforme(void *arg)
{
	const struct voulu *v = arg;

	if (sem_atteint(v))
		return true;
	for (int i = 0; v->vivants && v->vivants[i] && i < 8; i++)
		if (termine(v->vivants[i]) || calcule_depuis(v->vivants[i], v->cpu0[i]))
			return true;
	return false;
}

/* Attend que l'ensemble soit dans l'état voulu, tant que les vivants vivent et dorment. */
static bool attendre_sem_de(struct proc **vivants, int valeur, int zcnt, int ncnt, int ms)
{
	struct voulu v = {valeur, zcnt, ncnt, vivants, {0}};

	for (int i = 0; vivants && vivants[i] && i < 8; i++)
		v.cpu0[i] = cpu_secondes(vivants[i]);
	attendre(sem_conforme, &v, ms);
	return sem_atteint(&v);
}

/* Attend que l'ensemble soit dans l'état voulu (valeur, GETZCNT, GETNCNT ; -1 : indifférent). */
static bool attendre_sem(int valeur, int zcnt, int ncnt, int ms)
{
	return attendre_sem_de(NULL, valeur, zcnt, ncnt, ms);
}

/* ---- Processus ---- */

/* Le banc reconnaît semop et semtimedop (par où passe la glibc) sous SYS_semop. */
static bool bloque_dans_semop(struct proc *p, int ms)
{
	return attendre_bloque(p, SYS_semop, ms);
}

static bool cond_un_termine(void *arg)
{
	struct proc **p = arg;

	for (; *p != NULL; p++)
		if (termine(*p))
			return true;
	return false;
}

/* Sortie d'un processus sur une ligne, pour les messages (tampon tournant, bornée). */
static const char *une_ligne(const char *texte)
{
	static char tampons[4][200];
	static int i;
	char *t = tampons[i++ % 4];
	size_t j = 0;

	for (; *texte != '\0' && j + 4 < sizeof tampons[0]; texte++)
		if (*texte == '\n') {
			if (texte[1] != '\0') {
				t[j++] = ' ';
				t[j++] = '|';
				t[j++] = ' ';
			}
		} else {
			t[j++] = *texte;
		}
	t[j] = '\0';
	return t;
}

/*
 * Une piste tirée de ce que p a écrit sur sa sortie d'erreur (l'errno d'un semop qui a échoué),
 * ou "" : une piste n'est donnée que si la cause qu'elle nomme a été observée.
 */
static const char *indice_erreur(struct proc *p)
{
	const char *e = erreurs(p);

	if (strstr(e, "File too large") != NULL)
		return " semop a échoué avec EFBIG : sem_num désigne un sémaphore hors de "
		       "l'ensemble, "
		       "qui n'en a qu'un (sem_num = 0).";
	if (strstr(e, "Resource temporarily unavailable") != NULL)
		return " semop a échoué avec EAGAIN : avec IPC_NOWAIT dans sem_flg, une opération "
		       "qui "
		       "devrait attendre échoue aussitôt. sem_flg = 0 : le participant doit "
		       "dormir.";
	if (strstr(e, "Interrupted system call") != NULL)
		return " semop a échoué avec EINTR : rien n'a été appliqué, il faut recommencer "
		       "l'appel.";
	return "";
}

/*
 * Le correcteur arrive lui-même en dernier : un décrément sans SEM_UNDO et sans attente de
 * zéro. Un dernier participant lancé ferait ensuite son attente de zéro dans un second appel,
 * pendant que les autres, libérés, sortent : le verdict dépendrait de qui va le plus vite.
 */
static void arrivee_du_correcteur(void)
{
	struct sembuf p = {.sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT};

	etape("le correcteur décrémente lui-même le sémaphore : c'est la dernière arrivée");
	exiger(semop(lire_sem().semid, &p, 1) == 0,
	       "Attendu : le correcteur peut faire la dernière arrivée (valeur 1).\nObservé : %s.",
	       decrire_sem(lire_sem()));
}

/* rdv creer CHEMIN n, par la référence : l'ensemble de départ ne dépend pas de l'étudiant. */
static void creer_reference(const char *n)
{
	struct proc *p = lancer(REFERENCE, "rdv", "creer", chemin_cle(), n);

	exiger_code(p, 0, "Attendu : la référence crée l'ensemble de départ (code 0).");
}

static struct proc *participant(enum origine o, const char *nom)
{
	return lancer(o, "rdv", "attendre", chemin_cle(), nom);
}

/* Exige que la sortie de p soit exactement « NOM arrive » (et « NOM passe » si passe). */
static void exiger_lignes(struct proc *p, const char *nom, bool passe, const char *moment)
{
	char attendu[128];

	if (passe)
		snprintf(attendu, sizeof attendu, "%s arrive\n%s passe\n", nom, nom);
	else
		snprintf(attendu, sizeof attendu, "%s arrive\n", nom);
	exiger(strcmp(sortie(p), attendu) == 0,
	       "Attendu : %s, la sortie de « rdv attendre CHEMIN %s » est exactement « %s ».\n"
	       "Observé : « %s ».",
	       moment, nom, une_ligne(attendu), une_ligne(sortie(p)));
}

/* Exige que le participant p passe (code 0) ; sinon l'explique avec l'état de l'ensemble. */
static void exiger_passage(struct proc *p, const char *qui)
{
	struct sem_etat e;

	if (attendre_fin(p, delai(DELAI_COURT)) && code_sortie(p) == 0)
		return;
	e = lire_sem();
	montrer(p);
	echec("Attendu : %s passe (code 0) dès que le dernier participant est arrivé.\n"
	      "Observé : %s ; ensemble : %s.%s",
	      qui, decrire(p), decrire_sem(e), termine(p) ? indice_erreur(p) : "");
}

/* ---- Items ---- */

/* Le banc fait échouer le SETVAL de « rdv creer CHEMIN 4 » : l'ensemble créé doit disparaître. */
static void creation_sans_setval(void)
{
	struct proc *p;
	struct retenue r;
	struct objet_ipc o;

	tracer_lancements(TRACER_SI_ETUDIANT);
	p = lancer(ETUDIANT, "rdv", "creer", chemin_cle(), "4");
	if (!trace_ou_dire(p, "SETVAL en échec")) {
		exiger_code(p, 0, "Attendu : « rdv creer CHEMIN 4 » réussit (code 0).");
		return;
	}
	r = retenir(p, &(struct motif){.appel = SYS_semctl, .initialise = true});
	exiger_retenu(r, "Attendu : creer donne sa valeur à l'ensemble par semctl(SETVAL).");
	relacher_en_echec(r, ERANGE);
	exiger_code(
	    p, 1, "Attendu : quand semctl(SETVAL) échoue, creer le dit sur stderr et sort avec 1.");
	exiger(!trouver_objet(SEMAPHORES, cle(ID_RDV), &o),
	       "Attendu : quand semctl(SETVAL) échoue, creer supprime l'ensemble qu'il vient de "
	       "créer (semctl(IPC_RMID)) avant de quitter.\nObservé : l'ensemble %d (%s) "
	       "reste, sans valeur donnée : le rendez-vous suivant serait refusé (EEXIST).\n"
	       "  Indice : garder errno, supprimer l'ensemble, puis err().",
	       o.id, decrire_sem(lire_sem()));
}

static void verifier_creation(void)
{
	struct objet_ipc o;
	struct sem_etat e;
	struct proc *p;

	char ligne[96];
	bool fixe = fixer_prochain_id(SEMAPHORES, 9100);

	if (fixe)
		etape("prochain identifiant d'ensemble fixé à 9100 : il diffère de l'indice du "
		      "noyau");
	etape("rdv creer CHEMIN 4 (étudiant), puis lecture de /proc/sysvipc/sem et de GETVAL");
	p = lancer(ETUDIANT, "rdv", "creer", chemin_cle(), "4");
	exiger_code(p, 0,
	            "Attendu : « rdv creer CHEMIN 4 » réussit (code 0) quand aucun ensemble "
	            "n'existe.");
	if (!trouver_objet(SEMAPHORES, cle(ID_RDV), &o)) {
		struct objet_ipc t[8];

		if (lister_objets(t, 8) > 0)
			echec(
			    "Attendu : un ensemble de clé ftok(CHEMIN, '%c') = 0x%08x.\n"
			    "Observé : un objet de clé 0x%08x : mauvais identifiant passé à ftok, "
			    "ou IPC_PRIVATE ?",
			    ID_RDV, (unsigned)cle(ID_RDV), (unsigned)t[0].cle);
		echec("Attendu : un ensemble de clé ftok(CHEMIN, '%c') = 0x%08x.\n"
		      "Observé : aucun ensemble de sémaphores après « rdv creer CHEMIN 4 ».",
		      ID_RDV, (unsigned)cle(ID_RDV));
	}
	exiger(o.nombre == 1,
	       "Attendu : un ensemble d'un seul sémaphore (semget(cle, 1, ...)).\n"
	       "Observé : %lu sémaphores.",
	       o.nombre);
	exiger(o.mode == 0600,
	       "Attendu : droits 0600 (IPC_CREAT | IPC_EXCL | 0600).\nObservé : droits %03o.",
	       o.mode);
	e = lire_sem();
	exiger(e.existe && e.valeur == 4,
	       "Attendu : valeur initiale 4 (= N), donnée par semctl(SETVAL).\nObservé : %s.",
	       decrire_sem(e));
	snprintf(ligne, sizeof ligne, "rendez-vous créé : ensemble %d, valeur 4\n", o.id);
	exiger(strcmp(sortie(p), ligne) == 0 && contient_nombre(sortie(p), o.id),
	       "Attendu : « rdv creer CHEMIN 4 » affiche exactement « %s », avec l'identifiant "
	       "de l'ensemble (ipcs -s).\nObservé : « %s ». creer_ensemble renvoie ce que rend "
	       "semget, pas le résultat de semctl.",
	       une_ligne(ligne), une_ligne(sortie(p)));

	etape("borne haute : rdv creer CHEMIN 32767 après suppression du premier ensemble");
	supprimer_objets();
	p = lancer(ETUDIANT, "rdv", "creer", chemin_cle(), "32767");
	exiger_code(p, 0,
	            "Attendu : N = 32767 (SEMVMX, la plus grande valeur d'un sémaphore) est "
	            "accepté (code 0).");
	e = lire_sem();
	exiger(e.existe && e.valeur == 32767, "Attendu : valeur initiale 32767.\nObservé : %s.",
	       decrire_sem(e));
	supprimer_objets();
	creation_sans_setval();
	restes_attendus();
}

static void verifier_deja_cree(void)
{
	struct sem_etat avant, apres;
	struct proc *a, *p;

	etape("référence : rdv creer CHEMIN 3, puis un participant A (valeur 2, GETZCNT 1)");
	creer_reference("3");
	a = participant(REFERENCE, "A");
	exiger(attendre_sem(2, 1, 0, delai(DELAI_COURT)),
	       "Attendu (mise en place par la référence) : valeur 2, GETZCNT 1.\nObservé : %s.",
	       decrire_sem(lire_sem()));
	avant = lire_sem();

	etape("rdv creer CHEMIN 5 (étudiant) alors que l'ensemble existe");
	p = lancer(ETUDIANT, "rdv", "creer", chemin_cle(), "5");
	exiger_code(p, 1,
	            "Attendu : un second creer échoue (code 1) : avec IPC_EXCL, semget refuse "
	            "une clé déjà prise (EEXIST).");
	exiger(erreurs(p)[0] != '\0',
	       "Attendu : un message sur la sortie d'erreur quand creer échoue.\nObservé : rien.");
	apres = lire_sem();
	exiger(apres.existe && apres.semid == avant.semid && apres.valeur == avant.valeur &&
	           apres.zcnt == avant.zcnt,
	       "Attendu : le rendez-vous en cours reste intact (id %d, %s).\n"
	       "Observé : id %d, %s.",
	       avant.semid, decrire_sem(avant), apres.semid, decrire_sem(apres));
	exiger(!termine(a), "Attendu : le participant A attend toujours.\nObservé : %s.",
	       decrire(a));
	restes_attendus();
}

static void verifier_absent(void)
{
	char inexistant[512];
	struct proc *p;

	etape("rdv attendre CHEMIN A sans ensemble");
	p = participant(ETUDIANT, "A");
	exiger_code(p, 1,
	            "Attendu : sans rendez-vous, attendre échoue aussitôt (code 1), sans en "
	            "créer un.");
	exiger(
	    erreurs(p)[0] != '\0',
	    "Attendu : un message sur la sortie d'erreur quand attendre échoue.\nObservé : rien.");
	exiger_aucun_objet("après attendre sans ensemble (semget sans IPC_CREAT)");

	etape("rdv etat CHEMIN sans ensemble");
	p = lancer(ETUDIANT, "rdv", "etat", chemin_cle());
	exiger_code(p, 1, "Attendu : sans rendez-vous, etat échoue (code 1).");
	exiger_aucun_objet("après etat sans ensemble");

	etape("rdv detruire CHEMIN sans ensemble");
	p = lancer(ETUDIANT, "rdv", "detruire", chemin_cle());
	exiger_code(p, 1, "Attendu : sans rendez-vous, detruire échoue (code 1).");
	exiger_aucun_objet("après detruire sans ensemble");

	etape("rdv attendre DOSSIER/absent A : le fichier clé n'existe pas");
	snprintf(inexistant, sizeof inexistant, "%s/absent", dossier_test());
	p = lancer(ETUDIANT, "rdv", "attendre", inexistant, "A");
	exiger_code(p, 1, "Attendu : fichier clé inexistant → échec (code 1).");
	exiger_aucun_objet("après attendre avec un fichier clé inexistant");
}

/* Lance « rdv etat » (étudiant) et exige exactement la ligne attendue. */
static void exiger_etat(int valeur, int zcnt, int ncnt, const char *moment)
{
	struct proc *p = lancer(ETUDIANT, "rdv", "etat", chemin_cle());
	char attendu[128];
	int v, z, d;

	exiger_code(p, 0, "Attendu : etat réussit (code 0) quand l'ensemble existe.");
	snprintf(attendu, sizeof attendu, "valeur %d attente-zero %d attente-decrement %d\n",
	         valeur, zcnt, ncnt);
	if (strcmp(sortie(p), attendu) == 0)
		return;
	if (sscanf(sortie(p), "valeur %d attente-zero %d attente-decrement %d", &v, &z, &d) == 3 &&
	    v == valeur && z == ncnt && d == zcnt)
		echec(
		    "Attendu (%s) : « %s ».\nObservé : « %s » : les deux compteurs sont inversés. "
		    "GETZCNT compte les attentes de zéro, GETNCNT les attentes de décrément.",
		    moment, une_ligne(attendu), une_ligne(sortie(p)));
	echec("Attendu (%s) : exactement « %s » (semctl : %s).\nObservé : « %s ».", moment,
	      une_ligne(attendu), decrire_sem(lire_sem()), une_ligne(sortie(p)));
}

static void verifier_etat(void)
{
	struct proc *a, *b, *c;

	etape("référence : rdv creer CHEMIN 3 ; rdv etat (étudiant) au repos");
	creer_reference("3");
	exiger_etat(3, 0, 0, "au repos");

	etape("deux participants de référence arrivés sur trois : GETZCNT 2");
	a = participant(REFERENCE, "A");
	b = participant(REFERENCE, "B");
	exiger(attendre_sem(1, 2, 0, delai(DELAI_COURT)),
	       "Attendu (mise en place par la référence) : valeur 1, GETZCNT 2.\nObservé : %s.",
	       decrire_sem(lire_sem()));
	exiger_etat(1, 2, 0, "deux participants attendent zéro");

	etape("le troisième arrive, tous passent ; un retardataire D bloque dans son décrément");
	c = participant(REFERENCE, "C");
	exiger_code(a, 0, "Attendu : la référence passe le rendez-vous (code 0).");
	exiger_code(b, 0, "Attendu : la référence passe le rendez-vous (code 0).");
	exiger_code(c, 0, "Attendu : la référence passe le rendez-vous (code 0).");
	participant(REFERENCE, "D");
	exiger(attendre_sem(0, 0, 1, delai(DELAI_COURT)),
	       "Attendu (mise en place par la référence) : valeur 0, GETNCNT 1.\nObservé : %s.",
	       decrire_sem(lire_sem()));
	exiger_etat(0, 0, 1, "un retardataire attend de pouvoir décrémenter");
	restes_attendus();
}

/* Explique pourquoi n participants sur total n'ont pas atteint l'état « tous en attente ». */
static noreturn void echec_arrivees(struct proc **p, int n, int total)
{
	struct sem_etat e = lire_sem();

	for (int i = 0; i < n; i++)
		if (termine(p[i]))
			echec("Attendu : avec %d participants arrivés sur %d, chacun attend les "
			      "autres."
			      "\nObservé : %s ; sortie « %s », erreurs « %s ».%s",
			      n, total, decrire(p[i]), une_ligne(sortie(p[i])),
			      une_ligne(erreurs(p[i])), indice_erreur(p[i]));
	if (!e.existe)
		echec("Attendu : l'ensemble existe pendant le rendez-vous.\nObservé : %s.",
		      decrire_sem(e));
	if (e.valeur == total && e.zcnt == n)
		echec("Attendu : valeur %d, GETZCNT %d.\nObservé : %s : tous attendent zéro mais "
		      "aucun n'a décrémenté. Décrément et attente dans le même semop (rien n'est "
		      "appliqué tant que Z bloque), ou attente de zéro avant le décrément ?",
		      total - n, n, decrire_sem(e));
	if (e.valeur == total - n && e.zcnt == 0)
		echec("Attendu : valeur %d, GETZCNT %d.\nObservé : %s : aucun participant n'est "
		      "endormi dans une opération Z (sem_op = 0). Attente active sur GETVAL ?",
		      total - n, n, decrire_sem(e));
	echec("Attendu : avec %d participants arrivés sur %d, valeur %d, GETZCNT %d, GETNCNT 0.\n"
	      "Observé : %s.",
	      n, total, total - n, n, decrire_sem(e));
}

static void verifier_rendezvous(void)
{
	static const char *noms[] = {"A", "B", "C", "D"};
	struct proc *p[5] = {NULL}, *tard[2] = {NULL};
	struct sem_etat e;

	etape("référence : rdv creer CHEMIN 4 ; trois participants (étudiant) A, B, C");
	creer_reference("4");
	for (int i = 0; i < 3; i++)
		p[i] = participant(ETUDIANT, noms[i]);
	etape("attente : valeur 1 et GETZCNT 3");
	if (!attendre_sem_de(p, 1, 3, 0, delai(DELAI_COURT)))
		echec_arrivees(p, 3, 4);
	for (int i = 0; i < 3; i++) {
		exiger(bloque_dans_semop(p[i], delai(DELAI_COURT)),
		       "Attendu : %s dort dans semop en attendant les autres.\nObservé : %s.",
		       noms[i], decrire(p[i]));
		exiger_lignes(p[i], noms[i], false, "avec trois arrivés sur quatre");
	}

	etape("le quatrième participant D (étudiant) arrive : tous doivent passer");
	p[3] = participant(ETUDIANT, "D");
	for (int i = 0; i < 3; i++)
		exiger_passage(p[i], noms[i]);
	/* A, B et C sont libérés par le décrément de D ; si leur sortie remonte la valeur avant
	 * l'attente de zéro de D, D reste bloqué : jugé d'abord, et sans dire où en est D (cela
	 * dépend de qui va le plus vite), pour que le verdict ne dépende pas de l'ordonnancement. */
	attendre_fin(p[3], delai(DELAI_COURT));
	e = lire_sem();
	if (e.existe && e.valeur > 0) {
		envoyer_signal(p[3], SIGKILL);
		attendre_fin(p[3], delai(DELAI_COURT));
		echec(
		    "Attendu : valeur 0 une fois tous passés.\nObservé : après la sortie de A, B "
		    "et "
		    "C, la valeur est remontée au-dessus de 0 : leurs décréments ont été annulés à "
		    "leur sortie (SEM_UNDO sur le décrément ?).");
	}
	exiger_passage(p[3], noms[3]);
	for (int i = 0; i < 4; i++)
		exiger_lignes(p[i], noms[i], true, "après le rendez-vous");
	e = lire_sem();
	exiger(e.existe,
	       "Attendu : l'ensemble existe encore après le rendez-vous (seul detruire "
	       "le supprime).\nObservé : %s.",
	       decrire_sem(e));
	exiger(e.valeur == 0 && e.zcnt == 0 && e.ncnt == 0,
	       "Attendu : valeur 0, GETZCNT 0, GETNCNT 0 une fois tous passés.\nObservé : %s.",
	       decrire_sem(e));

	/* Chaque sortie est capturée à part : l'ordre « arrive » avant le décrément ne se voit
	 * que sur un participant retenu dans son décrément, où il doit déjà l'avoir affiché. */
	etape("un retardataire E (étudiant) arrive après le rendez-vous : il dort dans son "
	      "décrément (GETNCNT 1)");
	tard[0] = participant(ETUDIANT, "E");
	if (!attendre_sem_de(tard, 0, 0, 1, delai(DELAI_COURT)) ||
	    !bloque_dans_semop(tard[0], delai(DELAI_COURT)))
		echec("Attendu : E, arrivé quand la valeur est déjà 0, dort dans son décrément "
		      "(GETNCNT 1).\nObservé : %s ; ensemble : %s ; sortie « %s ».",
		      decrire(tard[0]), decrire_sem(lire_sem()), une_ligne(sortie(tard[0])));
	exiger(sortie(tard[0])[0] != '\0',
	       "Attendu : E, endormi dans son décrément, a déjà affiché « E arrive » : l'arrivée "
	       "s'affiche avant tout semop.\nObservé : rien sur sa sortie standard. Afficher "
	       "l'arrivée après le décrément laisse le dernier arrivé libérer les autres, qui "
	       "affichent « passe », avant d'avoir annoncé son arrivée.");
	exiger_lignes(tard[0], "E", false, "pendant que E dort dans son décrément");
	restes_attendus();
}

/*
 * p dort dans semop ; il est suspendu (SIGSTOP) puis relancé (SIGCONT) : son semop rend EINTR
 * sans rien appliquer. Exige qu'il l'ait recommencé, dans l'état voulu (valeur, GETZCNT,
 * GETNCNT) ; pendant dit dans quelle opération (« son attente de zéro »).
 */
static void exiger_reprise_apres_eintr(struct proc *p, const char *nom, const char *pendant,
                                       int valeur, int zcnt, int ncnt)
{
	struct proc *vivant[2] = {p, NULL};

	etape("%s est suspendu (SIGSTOP) puis relancé (SIGCONT) pendant %s : semop rend EINTR", nom,
	      pendant);
	suspendre(p);
	reprendre(p);
	if (!bloque_dans_semop(p, delai(DELAI_COURT)) ||
	    !attendre_sem_de(vivant, valeur, zcnt, ncnt, delai(DELAI_COURT))) {
		montrer(p);
		echec(
		    "Attendu : suspendu puis relancé pendant %s, %s recommence le semop que EINTR "
		    "a interrompu (rien n'a été appliqué) et attend de nouveau : %s.\nObservé : "
		    "%s ; ensemble : %s.%s",
		    pendant, nom,
		    decrire_sem((struct sem_etat){
		        .existe = true, .valeur = valeur, .zcnt = zcnt, .ncnt = ncnt}),
		    decrire(p), decrire_sem(lire_sem()),
		    termine(p) ? " semop rend -1 avec errno EINTR quand un signal interrompt "
		                 "l'attente, même SIGSTOP puis SIGCONT : dans operer, recommencez "
		                 "l'appel tant qu'il échoue avec EINTR ; seuls EIDRM et EINVAL "
		                 "disent que l'ensemble a disparu."
		               : "");
	}
}

static void verifier_eintr(void)
{
	struct proc *p[3] = {NULL};

	etape(
	    "référence : rdv creer CHEMIN 3 ; deux participants (étudiant) A et B attendent zéro");
	creer_reference("3");
	p[0] = participant(ETUDIANT, "A");
	p[1] = participant(ETUDIANT, "B");
	if (!attendre_sem_de(p, 1, 2, 0, delai(DELAI_COURT)) ||
	    !bloque_dans_semop(p[0], delai(DELAI_COURT)) ||
	    !bloque_dans_semop(p[1], delai(DELAI_COURT)))
		echec_arrivees(p, 2, 3);
	exiger_reprise_apres_eintr(p[0], "A", "son attente de zéro", 1, 2, 0);
	arrivee_du_correcteur();
	exiger_passage(p[0], "A");
	exiger_passage(p[1], "B");
	exiger_lignes(p[0], "A", true, "après le rendez-vous");

	etape("référence : un nouveau rendez-vous de 1, déjà passé (valeur 0) ; un retardataire E "
	      "(étudiant) dort dans son décrément (GETNCNT 1)");
	supprimer_objets();
	creer_reference("1");
	exiger_code(participant(REFERENCE, "R"), 0,
	            "Attendu : la référence passe seule un rendez-vous de 1 (code 0).");
	p[0] = participant(ETUDIANT, "E");
	p[1] = p[2] = NULL;
	if (!attendre_sem_de(p, 0, 0, 1, delai(DELAI_COURT)) ||
	    !bloque_dans_semop(p[0], delai(DELAI_COURT)))
		echec("Attendu : E, arrivé quand la valeur est déjà 0, dort dans son décrément "
		      "(GETNCNT 1).\nObservé : %s ; ensemble : %s.%s",
		      decrire(p[0]), decrire_sem(lire_sem()), indice_erreur(p[0]));
	exiger_reprise_apres_eintr(p[0], "E", "son décrément", 0, 0, 1);
	restes_attendus();
}

static void verifier_attente_passive(void)
{
	struct proc *a, *b, *deux[3] = {NULL};
	double cpu_a, cpu_b, debut, fenetre, cpu0_a, cpu0_b, age_a, age_b;
	int ms = delai(600);

	etape("référence : rdv creer CHEMIN 3 ; deux participants (étudiant) A et B");
	creer_reference("3");
	a = participant(ETUDIANT, "A");
	b = participant(ETUDIANT, "B");
	deux[0] = a;
	deux[1] = b;
	deux[2] = NULL;
	if (!attendre_sem_de(deux, 1, -1, -1, delai(DELAI_COURT)) ||
	    !attendre_texte(a, "A arrive", delai(DELAI_COURT)) ||
	    !attendre_texte(b, "B arrive", delai(DELAI_COURT)))
		echec_arrivees(deux, 2, 3);

	/* D'abord l'état (déterministe) : une attente active ne dort jamais dans semop ; le temps
	 * processeur, mesuré ensuite, dépend de la charge de la machine. Chacun avec l'échéance :
	 * « B arrive » affiché, B n'est peut-être pas encore entré dans son opération Z. */
	exiger(bloque_dans_semop(a, delai(DELAI_COURT)) && bloque_dans_semop(b, delai(DELAI_COURT)),
	       "Attendu : A et B dorment dans semop.\nObservé : %s ; %s.", decrire(a), decrire(b));
	/* Jusqu'à ms, ou moins si le banc voit que plus rien ne bouge (ils dorment tous deux). */
	etape("observation de A et B (%d ms au plus) : ils doivent dormir", ms);
	cpu_a = cpu0_a = cpu_secondes(a);
	cpu_b = cpu0_b = cpu_secondes(b);
	age_a = duree_secondes(a);
	age_b = duree_secondes(b);
	debut = horloge();
	if (attendre(cond_un_termine, deux, ms))
		echec_arrivees(deux, 2, 3);
	fenetre = horloge() - debut;
	cpu_a = cpu_secondes(a) - cpu_a;
	cpu_b = cpu_secondes(b) - cpu_b;
	exiger(cpu_a < 0.25 * fenetre && cpu_b < 0.25 * fenetre,
	       "Attendu : en attendant, A et B dorment et ne consomment pas de processeur.\n"
	       "Observé : en %.2f s, A a consommé %.2f s de processeur et B %.2f s : attente "
	       "active. Une opération Z (sem_op = 0) endort le processus jusqu'à ce que la valeur "
	       "soit nulle ; ne pas boucler sur GETVAL.",
	       fenetre, cpu_a, cpu_b);

	arrivee_du_correcteur();
	exiger_passage(a, "A");
	exiger_passage(b, "B");
	/* Depuis le début de l'observation : le démarrage (lent sous valgrind) ne compte pas. */
	cpu_a = cpu_secondes(a) - cpu0_a;
	cpu_b = cpu_secondes(b) - cpu0_b;
	exiger(cpu_a < 0.5 * (duree_secondes(a) - age_a) &&
	           cpu_b < 0.5 * (duree_secondes(b) - age_b),
	       "Attendu : depuis le début de l'attente, temps processeur (wait4) très inférieur "
	       "au temps écoulé.\nObservé : A %.2f s sur %.2f s, B %.2f s sur %.2f s : attente "
	       "active ?",
	       cpu_a, duree_secondes(a) - age_a, cpu_b, duree_secondes(b) - age_b);
	restes_attendus();
}

/* Exige que p, dont l'ensemble a été supprimé pendant qu'il dormait (pendant : dans quelle
 * opération), sorte aussitôt avec le code 1 et un message, sans afficher « passe ». */
static void exiger_sortie_eidrm(struct proc *p, const char *nom, const char *pendant)
{
	exiger(attendre_fin_sobre(p, delai(DELAI_COURT)),
	       "Attendu : %s se termine aussitôt l'ensemble supprimé pendant %s (semop échoue "
	       "avec EIDRM).\nObservé : %s. Une boucle qui relance semop après une erreur ne "
	       "s'arrête jamais.",
	       nom, pendant, decrire(p));
	exiger(code_sortie(p) == 1,
	       "Attendu : ensemble supprimé pendant %s → code 1.\n"
	       "Observé : %s ; sortie « %s ». EIDRM est un échec, pas un passage.",
	       pendant, decrire(p), une_ligne(sortie(p)));
	exiger(erreurs(p)[0] != '\0',
	       "Attendu : un message sur la sortie d'erreur de %s.\nObservé : rien.", nom);
	exiger(strstr(sortie(p), "passe") == NULL,
	       "Attendu : %s n'affiche pas « passe ».\nObservé : « %s ».", nom,
	       une_ligne(sortie(p)));
}

static void verifier_eidrm(void)
{
	static const char *noms[] = {"A", "B"};
	struct proc *p[3];
	struct sem_etat e;

	etape("référence : rdv creer CHEMIN 3 ; deux participants (étudiant) A et B en attente");
	creer_reference("3");
	p[0] = participant(ETUDIANT, "A");
	p[1] = participant(ETUDIANT, "B");
	p[2] = NULL;
	/* Normalement endormis dans semop ; sinon (attente active, jugée par un autre item) il
	 * suffit qu'ils soient arrivés et encore en vie pour juger la réaction à EIDRM. */
	if (!bloque_dans_semop(p[0], delai(DELAI_COURT)) ||
	    !bloque_dans_semop(p[1], delai(DELAI_COURT))) {
		e = lire_sem();
		if (cond_un_termine(p) || !strstr(sortie(p[0]), "A arrive") ||
		    !strstr(sortie(p[1]), "B arrive") || !e.existe || e.valeur != 1)
			echec_arrivees(p, 2, 3);
	}

	etape("rdv detruire CHEMIN (référence) pendant qu'ils attendent");
	exiger_code(lancer(REFERENCE, "rdv", "detruire", chemin_cle()), 0,
	            "Attendu : la référence détruit l'ensemble (code 0).");
	for (int i = 0; i < 2; i++)
		exiger_sortie_eidrm(p[i], noms[i], "son attente de zéro");
	exiger_aucun_objet("après la destruction");

	etape("référence : rdv creer CHEMIN 1 ; un participant de référence passe (valeur 0)");
	creer_reference("1");
	exiger_code(participant(REFERENCE, "A"), 0,
	            "Attendu : la référence passe seule un rendez-vous de 1 (code 0).");
	etape("un retardataire E (étudiant) dort dans son décrément (GETNCNT 1)");
	p[0] = participant(ETUDIANT, "E");
	p[1] = NULL;
	/* Sinon (attente active, jugée par un autre item), il suffit qu'il vive encore. */
	if (!attendre_sem_de(p, 0, 0, 1, delai(DELAI_COURT)) && termine(p[0]))
		echec("Attendu : E, arrivé quand la valeur est déjà 0, attend dans son décrément "
		      "(GETNCNT 1).\nObservé : %s ; sortie « %s », erreurs « %s ».",
		      decrire(p[0]), une_ligne(sortie(p[0])), une_ligne(erreurs(p[0])));

	etape("rdv detruire CHEMIN (référence) pendant son décrément");
	exiger_code(lancer(REFERENCE, "rdv", "detruire", chemin_cle()), 0,
	            "Attendu : la référence détruit l'ensemble (code 0).");
	exiger_sortie_eidrm(p[0], "E", "son décrément");
	exiger_aucun_objet("après la destruction");
}

static void verifier_detruire(void)
{
	struct proc *a, *b, *d;
	struct sem_etat e;
	char ligne[96];
	int semid;

	if (fixer_prochain_id(SEMAPHORES, 9300))
		etape("prochain identifiant d'ensemble fixé à 9300 : il diffère de l'indice du "
		      "noyau");
	etape("référence : rdv creer CHEMIN 3 ; deux participants de référence en attente");
	creer_reference("3");
	a = participant(REFERENCE, "A");
	b = participant(REFERENCE, "B");
	exiger(attendre_sem(1, 2, 0, delai(DELAI_COURT)),
	       "Attendu (mise en place par la référence) : valeur 1, GETZCNT 2.\nObservé : %s.",
	       decrire_sem(lire_sem()));

	etape("rdv detruire CHEMIN (étudiant)");
	semid = lire_sem().semid;
	d = lancer(ETUDIANT, "rdv", "detruire", chemin_cle());
	exiger_code(d, 0, "Attendu : detruire réussit (code 0) quand l'ensemble existe.");
	snprintf(ligne, sizeof ligne, "rendez-vous détruit : ensemble %d\n", semid);
	exiger(strcmp(sortie(d), ligne) == 0,
	       "Attendu : « rdv detruire CHEMIN » affiche exactement « %s ».\nObservé : « %s ».",
	       une_ligne(ligne), une_ligne(sortie(d)));
	e = lire_sem();
	exiger(!e.existe,
	       "Attendu : plus d'ensemble après detruire : semctl(semid, 0, IPC_RMID).\n"
	       "Observé : %s.",
	       decrire_sem(e));
	exiger(attendre_fin(a, delai(DELAI_COURT)) && attendre_fin(b, delai(DELAI_COURT)),
	       "Attendu : les participants en attente se réveillent (EIDRM).\nObservé : %s ; %s.",
	       decrire(a), decrire(b));
	exiger(code_sortie(a) == 1 && code_sortie(b) == 1,
	       "Attendu : les participants de référence sortent avec le code 1 (EIDRM).\n"
	       "Observé : %s ; %s.",
	       decrire(a), decrire(b));

	etape("rdv detruire CHEMIN (étudiant) une seconde fois");
	d = lancer(ETUDIANT, "rdv", "detruire", chemin_cle());
	exiger_code(d, 1, "Attendu : detruire échoue (code 1) quand l'ensemble n'existe plus.");
	exiger_aucun_objet("après detruire");
}

/* Une invocation invalide : ses arguments (après argv[0]), terminés par NULL. */
struct invalide {
	const char *args[6];
};

static void verifier_arguments(void)
{
	char absent[512];
	const char *k = chemin_cle();
	const struct invalide cas[] = {
	    {{NULL}},
	    {{"inconnu", k, NULL}},
	    {{"creer", k, NULL}},
	    {{"creer", k, "0", NULL}},
	    {{"creer", k, "32768", NULL}},
	    {{"creer", k, "-3", NULL}},
	    {{"creer", k, "abc", NULL}},
	    {{"creer", k, "4x", NULL}},
	    {{"creer", k, "", NULL}},
	    {{"creer", k, "4", "5", NULL}},
	    {{"creer", absent, "0", NULL}},
	    {{"attendre", k, NULL}},
	    {{"attendre", k, "", NULL}},
	    {{"attendre", k, "A", "B", NULL}},
	    {{"etat", NULL}},
	    {{"etat", k, "x", NULL}},
	    {{"detruire", NULL}},
	    {{"groupe", "0", NULL}},
	    {{"groupe", "65", NULL}},
	    {{"tours", k, "3", "0", NULL}},
	    {{"tours", k, "0", "3", NULL}},
	    {{"tours", k, "3", NULL}},
	};

	snprintf(absent, sizeof absent, "%s/absent", dossier_test());
	for (size_t i = 0; i < NB_ELEMENTS(cas); i++) {
		struct proc *p = lancer_ex(
		    &(struct lancement){.origine = ETUDIANT, .prog = "rdv", .args = cas[i].args});

		char commande[600] = "rdv";

		for (const char *const *a = cas[i].args; *a != NULL; a++)
			snprintf(commande + strlen(commande), sizeof commande - strlen(commande),
			         **a ? " %s" : " \"%s\"", *a);
		exiger_fin(p, "Attendu : des arguments invalides sont refusés aussitôt (code 2).");
		if (code_sortie(p) != 2) {
			montrer(p);
			echec("Attendu : « %s » → usage sur la sortie d'erreur, code 2, avant tout "
			      "appel IPC.\nObservé : %s.",
			      commande, decrire(p));
		}
		exiger(strstr(erreurs(p), "usage") != NULL,
		       "Attendu : « %s » → le message d'usage sur la sortie d'erreur.\n"
		       "Observé : « %s ».",
		       commande, une_ligne(erreurs(p)));
		exiger_aucun_objet("après des arguments invalides");
	}
}

/*
 * Les fuites sont à la charge de l'item où elles se produisent ; celui-ci ne juge que ce
 * qu'aucun autre ne voit : un item réussi qui laisse des objets derrière lui, et attendre ou
 * etat qui créent un objet en plus. L'ensemble est créé et détruit par la référence : un creer
 * ou un detruire faux est jugé par creation et detruire, pas une seconde fois ici.
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

static void verifier_nettoyage(void)
{
	struct objet_ipc t[8];
	struct proc *a, *b;

	exiger_aucune_fuite_precedente();

	etape("ensemble créé par la référence ; attendre et etat (étudiant) ne doivent rien créer");
	creer_reference("2");
	a = participant(ETUDIANT, "A");
	attendre_sem(1, -1, -1, delai(DELAI_COURT));
	exiger_ecrit(lancer(ETUDIANT, "rdv", "etat", chemin_cle()), "rdv etat CHEMIN");
	b = participant(REFERENCE, "B");
	attendre_fin(b, delai(DELAI_COURT));
	exiger_ecrit(a, "rdv attendre CHEMIN A");
	/* Seul compte un objet en plus : un rendez-vous abîmé est jugé par les autres items. */
	for (size_t k = 0, n = lister_objets(t, NB_ELEMENTS(t)); k < n; k++)
		exiger(t[k].cle == cle(ID_RDV),
		       "Attendu : après attendre et etat, le seul ensemble du rendez-vous.\n"
		       "Observé :\n%s",
		       objets_restants());
	supprimer_objets();
}

/* rdv ARGS... sous valgrind, même sans VALGRIND=1. */
static struct proc *sous_valgrind(const char *const *args)
{
	return lancer_ex(&(struct lancement){
	    .origine = ETUDIANT, .prog = "rdv", .args = args, .valgrind = true});
}

/* Attend la fin de p (sous memcheck) et ne juge que ce que memcheck signale : le code de
 * sortie et l'effet sont jugés par les autres items. */
static void juger_memcheck(struct proc *p, const char *quoi)
{
	/* Bloqué (un objet manque, ou un P sans fin) : supprimer les objets le réveille (EIDRM). */
	if (!attendre_fin_sobre(p, delai(5 * DELAI_COURT))) {
		etape(
		    "« %s » ne finit pas : le correcteur supprime les objets IPC pour le réveiller",
		    quoi);
		supprimer_objets();
	}
	if (!attendre_fin_sobre(p, delai(5 * DELAI_COURT)))
		echec(
		    "Attendu : « rdv %s » finit sous valgrind.\nObservé : %s. memcheck ne rend "
		    "son rapport qu'à la fin du programme : non évaluable ici, ce qui l'empêche de "
		    "finir est jugé par les autres items.",
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
	struct proc *a, *vivant[2] = {NULL};

	/* Cinq passages sous memcheck (chacun coûte une seconde de processeur) : le chemin
	 * nominal de chaque sous-commande et un chemin d'erreur de chaque sorte. */
	etape("chaque sous-commande sous memcheck, le rendez-vous mis en place par la référence ou "
	      "le correcteur : seul compte ce que memcheck signale, chemins d'erreur compris");
	juger_memcheck(sous_valgrind((const char *const[]){"creer", k, "2", NULL}),
	               "creer CHEMIN 2");
	supprimer_objets();
	creer_reference("2");
	vivant[0] = a = sous_valgrind((const char *const[]){"attendre", k, "A", NULL});
	attendre_sem_de(vivant, 1, 1, 0, delai(5 * DELAI_COURT));
	juger_memcheck(sous_valgrind((const char *const[]){"etat", k, NULL}), "etat CHEMIN");
	if (lire_sem().valeur == 1)
		arrivee_du_correcteur();
	juger_memcheck(a, "attendre CHEMIN A");

	etape("« attendre » sous memcheck, puis le correcteur supprime l'ensemble : EIDRM");
	vivant[0] = a = sous_valgrind((const char *const[]){"attendre", k, "C", NULL});
	attendre_sem_de(vivant, -1, 0, 1, delai(5 * DELAI_COURT));
	supprimer_objets();
	juger_memcheck(a, "attendre CHEMIN C (ensemble supprimé pendant le décrément)");
	juger_memcheck(sous_valgrind((const char *const[]){"detruire", k, NULL}),
	               "detruire CHEMIN (pas d'ensemble)");
	/* Ce qui reste (detruire qui crée l'ensemble) est jugé par absent, pas par nettoyage. */
	supprimer_objets();
}

/* ---- Bonus ---- */

static void verifier_groupe(void)
{
	enum { N = 6 };
	int arrivees = 0, passages = 0, vus[2][N + 1] = {{0}};
	long derniere_arrivee = -1, premier_passage = -1, dernier_passage = -1;
	struct proc *p;
	char *copie, *ligne, *reste;

	etape("rdv groupe %d (étudiant)", N);
	p = lancer(ETUDIANT, "rdv", "groupe", "6");
	exiger(attendre_fin(p, delai(2 * DELAI_COURT)),
	       "Attendu : groupe se termine (délais aléatoires de moins d'une seconde).\n"
	       "Observé : %s.",
	       decrire(p));
	exiger_code(p, 0, "Attendu : groupe réussit (code 0).");
	copie = strdup(sortie(p));
	for (ligne = strtok_r(copie, "\n", &reste); ligne != NULL;
	     ligne = strtok_r(NULL, "\n", &reste)) {
		long ms;
		int qui;
		char quoi[16];

		if (sscanf(ligne, "%ld ms participant %d %15s", &ms, &qui, quoi) != 3)
			continue;
		exiger(qui >= 1 && qui <= N,
		       "Attendu : participants numérotés de 1 à %d.\nObservé : « %s ».", N, ligne);
		if (strcmp(quoi, "passe") == 0) {
			exiger(arrivees == N,
			       "Attendu : aucun passage avant la dernière arrivée.\n"
			       "Observé : « %s » après %d arrivées sur %d.",
			       ligne, arrivees, N);
			passages++;
			vus[1][qui]++;
			if (premier_passage < 0)
				premier_passage = ms;
			dernier_passage = ms;
		} else {
			arrivees++;
			vus[0][qui]++;
			derniere_arrivee = ms > derniere_arrivee ? ms : derniere_arrivee;
		}
	}
	free(copie);
	exiger(arrivees == N && passages == N,
	       "Attendu : %d lignes « 123 ms  participant 2 arrive » puis %d « ... passe ».\n"
	       "Observé : %d arrivées et %d passages.",
	       N, N, arrivees, passages);
	for (int i = 1; i <= N; i++)
		exiger(vus[0][i] == 1 && vus[1][i] == 1,
		       "Attendu : le participant %d arrive et passe une fois chacun.\n"
		       "Observé : %d arrivée(s), %d passage(s).",
		       i, vus[0][i], vus[1][i]);
	exiger(premier_passage >= derniere_arrivee && dernier_passage - derniere_arrivee <= 300,
	       "Attendu : tous passent juste après la dernière arrivée (%ld ms).\n"
	       "Observé : passages de %ld à %ld ms.",
	       derniere_arrivee, premier_passage, dernier_passage);
	exiger_aucun_objet("après groupe (l'ensemble privé est supprimé à la fin)");
}

static void verifier_tours(void)
{
	enum { N = 4, K = 60 };
	int arrivees[K + 1] = {0}, passages[K + 1] = {0};
	struct objet_ipc o;
	struct proc *p;
	char *copie, *ligne, *reste;

	etape("rdv tours CHEMIN %d %d (étudiant)", N, K);
	p = lancer(ETUDIANT, "rdv", "tours", chemin_cle(), "4", "60");
	if (attendre_objet(SEMAPHORES, cle(ID_TOURS), delai(DELAI_COURT), &o))
		exiger(o.nombre == 2 && o.mode == 0600,
		       "Attendu : la barrière est un ensemble de 2 sémaphores, mode 0600.\n"
		       "Observé : %lu sémaphore(s), mode %03o.",
		       o.nombre, o.mode);
	exiger(attendre_fin(p, delai(3 * DELAI_COURT)),
	       "Attendu : tours se termine.\nObservé : %s.", decrire(p));
	exiger_code(p, 0, "Attendu : tours réussit (code 0).");
	copie = strdup(sortie(p));
	for (ligne = strtok_r(copie, "\n", &reste); ligne != NULL;
	     ligne = strtok_r(NULL, "\n", &reste)) {
		int t, qui;
		char quoi[16];

		if (sscanf(ligne, "tour %d : participant %d %15s", &t, &qui, quoi) != 3)
			continue;
		exiger(t >= 1 && t <= K && qui >= 1 && qui <= N,
		       "Attendu : tours 1 à %d, participants 1 à %d.\nObservé : « %s ».", K, N,
		       ligne);
		if (strcmp(quoi, "passe") == 0) {
			exiger(
			    arrivees[t] == N,
			    "Attendu : au tour %d, personne ne passe avant que tous soient arrivés."
			    "\nObservé : « %s » après %d arrivées sur %d : la barrière n'est pas "
			    "réutilisable.",
			    t, ligne, arrivees[t], N);
			passages[t]++;
		} else {
			arrivees[t]++;
		}
	}
	free(copie);
	for (int t = 1; t <= K; t++)
		exiger(arrivees[t] == N && passages[t] == N,
		       "Attendu : au tour %d, %d lignes « tour %d : participant I arrive » et %d "
		       "« ... passe ».\nObservé : %d et %d.",
		       t, N, t, N, arrivees[t], passages[t]);
	exiger_aucun_objet("après tours");

	etape("rdv tours CHEMIN 3 1000 interrompu par SIGTERM");
	p = lancer(ETUDIANT, "rdv", "tours", chemin_cle(), "3", "1000");
	exiger(attendre_objet(SEMAPHORES, cle(ID_TOURS), delai(DELAI_COURT), &o),
	       "Attendu : la barrière existe pendant les tours.\nObservé : %s.", decrire(p));
	envoyer_signal(p, SIGTERM);
	exiger(attendre_fin(p, delai(DELAI_COURT)),
	       "Attendu : tours s'arrête sur SIGTERM.\nObservé : %s.", decrire(p));
	exiger_aucun_objet("après SIGTERM pendant tours");
}

static const struct item items[] = {
    {"creation", 2, "creer : bonne clé, un sémaphore, mode 0600, valeur N",
     "semget(ftok(CHEMIN, 'R'), 1, IPC_CREAT | IPC_EXCL | 0600), puis semctl(SETVAL) avec "
     "union semun (cours : « Création », « Initialisation »).",
     verifier_creation, NOTE},
    {"deja_cree", 2, "creer refusé quand l'ensemble existe, sans toucher au rendez-vous en cours",
     "IPC_EXCL fait échouer semget avec EEXIST : ne jamais réinitialiser l'ensemble d'un autre.",
     verifier_deja_cree, NOTE},
    {"absent", 1, "attendre, etat et detruire échouent (code 1) sans ensemble, sans rien créer",
     "Pour retrouver un ensemble existant : semget(cle, 1, 0), sans IPC_CREAT.", verifier_absent,
     NOTE},
    {"etat", 2, "etat affiche la valeur, GETZCNT et GETNCNT de semctl",
     "Format : « valeur V attente-zero Z attente-decrement D » ; semctl(semid, 0, GETVAL), "
     "GETZCNT (attentes de zéro), GETNCNT (attentes de décrément).",
     verifier_etat, NOTE},
    {"rendezvous", 3, "rendez-vous de 4 : trois attendent (GETZCNT 3), le quatrième libère tous",
     "Deux semop distincts : P de 1 sans SEM_UNDO, puis Z (sem_op = 0). Le dernier arrivé met "
     "la valeur à 0 et réveille tous ceux qui attendent zéro (cours : « Opérations »).",
     verifier_rendezvous, NOTE},
    {"eintr", 1, "participants suspendus puis relancés pendant leur attente : semop recommencé",
     "semop rend EINTR quand un signal interrompt l'attente (SIGSTOP puis SIGCONT aussi) : rien "
     "n'a été appliqué, operer recommence ; seuls EIDRM et EINVAL disent que l'ensemble a "
     "disparu.",
     verifier_eintr, NOTE},
    {"attente_passive", 2, "pas d'attente active : les participants dorment dans semop",
     "L'opération Z endort le processus ; une boucle sur GETVAL consomme le processeur.",
     verifier_attente_passive, NOTE},
    {"eidrm", 2, "ensemble détruit pendant l'attente de zéro ou le décrément : code 1, message",
     "semop échoue avec EIDRM quand l'ensemble est supprimé (cours : « Destruction » réveille "
     "tous les processus en attente) : message, puis code 1.",
     verifier_eidrm, NOTE},
    {"detruire", 2, "detruire supprime l'ensemble et réveille les participants ; absent : code 1",
     "semctl(semid, 0, IPC_RMID) ; mettre la valeur à 0 ne détruit rien.", verifier_detruire, NOTE},
    {"arguments", 1, "arguments invalides : usage, code 2, rien de créé",
     "Vérifier les arguments avant tout appel IPC (argument_entier, usage).", verifier_arguments,
     NOTE},
    {"nettoyage", 1, "aucun objet IPC laissé par un item réussi ; attendre et etat ne créent rien",
     "Chaque ensemble créé est supprimé par detruire ; etat et attendre ne créent rien.",
     verifier_nettoyage, NOTE},
    {"valgrind", 1, "valgrind (memcheck) ne signale aucune erreur, chemins d'erreur compris",
     "valgrind --leak-check=full ./rdv attendre CHEMIN A montre chaque erreur et la ligne où "
     "elle se produit.",
     verifier_valgrind, NOTE},
    {"groupe", 2, "rdv groupe N : chronologie des arrivées puis des passages",
     "Ensemble privé (IPC_PRIVATE) hérité par fork ; supprimé à la fin.", verifier_groupe, BONUS},
    {"tours", 3, "barrière réutilisable à deux sémaphores (rdv tours CHEMIN N K)",
     "Une arrivée attend que tous aient fini le tour précédent ; P_n puis V_n dans un même semop "
     "attend « valeur >= n » sans la changer.",
     verifier_tours, BONUS},
};

static const struct tp tp = {"03-rendezvous", items, NB_ELEMENTS(items)};

// clang-format off
int main(int argc, char **argv) { return banc_main(argc, argv, &tp); }
