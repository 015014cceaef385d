/*
 * correcteur.c : les items du TP 1 (calculatrice client/serveur sur une file à étiquettes).
 *
 * Chaque composant est testé seul face à la référence ou face au correcteur qui joue l'autre
 * rôle, puis la paire ensemble : un échec désigne le bon programme.
 */
#define _GNU_SOURCE
#include "banc.h"
#include "calcul.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>

#define TAILLE_REQUETE (sizeof(struct requete) - sizeof(long))
#define TAILLE_REPONSE (sizeof(struct reponse) - sizeof(long))

/* ---- Outils du scénario ---- */

/* Le dernier serveur lancé et son origine : pour dire ce qu'il est devenu quand un client
 * n'a pas sa réponse. */
static struct proc *serveur_courant;
static enum origine origine_serveur;

/*
 * Lance le serveur et attend qu'il soit prêt, bloqué dans msgrcv. Celui de l'étudiant ne doit
 * attendre que des requêtes (étiquettes 1 et 2) : avec le type 0, ou un type < -2, il prendrait
 * aussi les réponses (étiquette : un pid, 3 ou plus ici), et tout dépendrait de qui lit le
 * premier.
 */
static struct proc *serveur_pret(enum origine o)
{
	struct proc *s = lancer(o, "serveur", chemin_cle());
	unsigned long a[6];
	long type;

	exiger_texte(s, "serveur prêt",
	             "Attendu : le serveur crée la file puis affiche « serveur prêt : file ID ».");
	exiger_bloque(
	    s, SYS_msgrcv,
	    "Attendu : une fois prêt, le serveur attend une requête, bloqué dans msgrcv.");
	serveur_courant = s;
	origine_serveur = o;
	type = arguments_bloque(s, SYS_msgrcv, a) ? (long)a[3] : -TYPE_NORMAL;
	exiger(
	    o == REFERENCE || (type != 0 && type >= -TYPE_NORMAL && type <= TYPE_NORMAL),
	    "Attendu : le serveur attend les requêtes, les urgentes d'abord : msgrcv(..., type "
	    "= -TYPE_NORMAL, ...).\nObservé : le serveur attend dans msgrcv avec le type %ld%s : "
	    "il prendrait aussi les réponses destinées aux clients (étiquette : leur pid).\n  "
	    "Indice : un type négatif -T rend la plus petite étiquette <= T : -TYPE_NORMAL ne "
	    "rend que des requêtes, les urgentes (1) avant les normales (2).",
	    type, type == 0 ? " (le premier message venu)" : "");
	return s;
}

/* Lance « client CHEMIN a op b [-u] ». */
static struct proc *client(enum origine o, const char *a, const char *op, const char *b,
                           bool urgent)
{
	if (urgent)
		return lancer(o, "client", chemin_cle(), a, op, b, "-u");
	return lancer(o, "client", chemin_cle(), a, op, b);
}

/* La dernière ligne non vide d'un texte (ex. l'erreur qui a arrêté un programme), bornée. */
static const char *derniere_ligne(const char *texte)
{
	static char ligne[200];
	const char *fin = texte + strlen(texte), *debut;

	while (fin > texte && fin[-1] == '\n')
		fin--;
	debut = fin;
	while (debut > texte && debut[-1] != '\n')
		debut--;
	snprintf(ligne, sizeof ligne, "%.*s", (int)(fin - debut), debut);
	return ligne;
}

/*
 * Un client sans son résultat : la cause que montrent le client et la file, s'il y en a une
 * (réponse trop longue pour lui, ou réponse d'une autre étiquette que celle qu'il attend) ;
 * sinon rien, et exiger_code() dira comment il a fini.
 */
static void expliquer_reponse(struct proc *c, const char *attendu)
{
	struct {
		long mtype;
		char texte[512];
	} m;
	unsigned long a[6];
	int file;

	if (attendre_fin_sobre(c, delai(DELAI_COURT))) {
		if (code_sortie(c) != 0 && strstr(erreurs(c), "Argument list too long") != NULL)
			echec(
			    "%s\nObservé : le msgrcv du client échoue avec E2BIG : la réponse "
			    "déposée "
			    "dans la file est plus longue que la taille que le client demande.\n  "
			    "Indice : une réponse fait sizeof(struct reponse) - sizeof(long) = %zu "
			    "octets, dans le msgsnd du serveur comme dans le msgrcv du client "
			    "(voir "
			    "l'item tailles).",
			    attendu, TAILLE_REPONSE);
		return;
	}
	if (!arguments_bloque(c, SYS_msgrcv, a))
		return;
	if (serveur_courant != NULL && termine(serveur_courant)) {
		char fin[256];

		snprintf(fin, sizeof fin, "%s", decrire(serveur_courant));
		echec(
		    "%s\nObservé : le client attend sa réponse, mais le serveur (%s) s'est arrêté "
		    ": %s%s%s%s. Ce résultat dépend du serveur : c'est lui qu'il faut regarder.",
		    attendu, origine_serveur == ETUDIANT ? "le vôtre" : "de référence", fin,
		    *erreurs(serveur_courant) ? ", en disant en dernier « " : "",
		    derniere_ligne(erreurs(serveur_courant)),
		    *erreurs(serveur_courant) ? " »" : "");
	}
	file = msgget(cle(CLE_ID), 0);
	if (file == -1)
		return;
	if (serveur_courant != NULL && origine_serveur == REFERENCE &&
	    strstr(erreurs(serveur_courant), "mal formé") != NULL)
		echec(
		    "%s\nObservé : le client attend sa réponse, mais le serveur de référence a "
		    "refusé sa requête : « %s ».\n  Indice : une requête fait sizeof(struct "
		    "requete) - sizeof(long) = %zu octets (msgsz ne compte pas mtype ; voir l'item "
		    "tailles).",
		    attendu, derniere_ligne(erreurs(serveur_courant)), TAILLE_REQUETE);
	/* L'item échoue de toute façon : on peut vider la file pour voir ce qui s'y trouve. */
	for (int i = 0; i < 64; i++) {
		ssize_t n = msgrcv(file, &m, sizeof m.texte, 0, IPC_NOWAIT | MSG_NOERROR);

		if (n < 0)
			break;
		if (m.mtype > TYPE_NORMAL && m.mtype != (long)a[3])
			echec("%s\nObservé : le client attend dans msgrcv une réponse d'étiquette "
			      "%ld, "
			      "mais la réponse déposée porte l'étiquette %ld (%zd octets).\n  "
			      "Indice : "
			      "la réponse porte comme étiquette le pid du client (req.pid) ; le "
			      "client "
			      "demande cette étiquette à msgrcv (getpid()).",
			      attendu, (long)a[3], m.mtype, n);
	}
}

/* Exige que le client attende sa réponse dans msgrcv ; s'il a fini en lisant un message trop
 * long pour une réponse, c'est qu'il a pris une requête (la sienne ou une autre) : le dire. */
static void exiger_attente_reponse(struct proc *c, const char *attendu)
{
	if (attendre_bloque(c, SYS_msgrcv, delai(DELAI_COURT)))
		return;
	if (termine(c) && strstr(erreurs(c), "Argument list too long") != NULL)
		echec("%s\nObservé : %s, en disant « msgrcv: Argument list too long » : il a "
		      "retiré de "
		      "la file un message plus long qu'une réponse, c'est-à-dire une requête (la "
		      "sienne ou celle d'un autre client), au lieu d'attendre la réponse à son "
		      "pid.\n  "
		      "Indice : msgrcv(..., type = getpid(), ...) : le type 0 prend le premier "
		      "message "
		      "venu, requêtes comprises.",
		      attendu, decrire(c));
	exiger_bloque(c, SYS_msgrcv, attendu);
}

/* Lance un client pendant que le serveur est arrêté, et ne reprend le serveur qu'une fois le
 * client posé (il attend dans msgrcv, ou il a fini) : ce que fait le client ne dépend alors pas
 * de qui, du serveur ou de lui, lit la file le premier. */
static struct proc *client_pose(struct proc *serveur, enum origine o, const char *a, const char *op,
                                const char *b, bool urgent)
{
	struct proc *c;

	suspendre(serveur);
	c = client(o, a, op, b, urgent);
	attendre_bloque(c, SYS_msgrcv, delai(DELAI_COURT));
	/* Le serveur arrêté n'a rien pu répondre : un E2BIG vient d'une requête lue par le client. */
	if (termine(c) && strstr(erreurs(c), "Argument list too long") != NULL)
		echec(
		    "Attendu : client %s %s %s, serveur de référence arrêté le temps qu'il envoie "
		    "sa "
		    "requête : il attend sa réponse dans msgrcv.\nObservé : %s, en disant « "
		    "msgrcv: "
		    "Argument list too long » : le serveur étant arrêté, il a lu une requête (la "
		    "sienne), pas une réponse.\n  Indice : msgrcv(..., type = getpid(), ...) : le "
		    "type 0 prend le premier message venu, requêtes comprises.",
		    a, op, b, decrire(c));
	reprendre(serveur);
	return c;
}

/* Exige que le client termine avec le code 0 et affiche exactement le résultat attendu. */
static void exiger_resultat(struct proc *c, const char *resultat, const char *contexte)
{
	char attendu[512], ligne[64];

	snprintf(attendu, sizeof attendu, "Attendu : %s : le client affiche « %s » et sort avec 0.",
	         contexte, resultat);
	expliquer_reponse(c, attendu);
	exiger_code(c, 0, attendu);
	snprintf(ligne, sizeof ligne, "%s\n", resultat);
	if (strcmp(sortie(c), ligne) != 0) {
		montrer(c);
		echec("%s\nObservé : la sortie standard est « %.80s ».", attendu, sortie(c));
	}
}

/* La file que crée le correcteur quand il joue le serveur. */
static int file_du_correcteur(void)
{
	int file = msgget(cle(CLE_ID), IPC_CREAT | IPC_EXCL | 0600);

	if (file == -1)
		echec("banc : msgget : %s", strerror(errno));
	etape("le correcteur joue le serveur : il crée la file %d", file);
	return file;
}

struct reception {
	int file;
	long type;
	struct proc *emetteur; /* s'il finit ou calcule sans fin, inutile d'attendre davantage */
	double cpu0;           /* temps processeur de l'émetteur au début de l'attente */
	struct {
		long mtype;
		char texte[512];
	} msg;
	ssize_t n;
};

static bool essayer_recevoir(void *arg)
{
	struct reception *r = arg;

	r->n = msgrcv(r->file, &r->msg, sizeof r->msg.texte, r->type, IPC_NOWAIT | MSG_NOERROR);
	return r->n >= 0 ||
	       (r->emetteur && (termine(r->emetteur) || calcule_depuis(r->emetteur, r->cpu0)));
}

/* Reçoit (sans bloquer le correcteur) un message de ce type avant l'échéance. */
static bool recevoir_avant(struct reception *r, int file, long type, struct proc *emetteur, int ms)
{
	r->file = file;
	r->type = type;
	r->emetteur = emetteur;
	r->cpu0 = emetteur ? cpu_secondes(emetteur) : 0;
	r->n = -1;
	attendre(essayer_recevoir, r, ms);
	return r->n >= 0 || essayer_recevoir(r);
}

static void envoyer(int file, const void *msg, size_t taille)
{
	if (msgsnd(file, msg, taille, IPC_NOWAIT) == -1)
		echec("banc : msgsnd : %s", strerror(errno));
}

/* Le correcteur reçoit la requête d'un client ; echec() s'il n'en vient pas. */
static void recevoir_requete(int file, struct proc *c, struct requete *req)
{
	struct reception r;
	double debut = horloge();

	if (!recevoir_avant(&r, file, -TYPE_NORMAL, c, delai(DELAI_COURT))) {
		if (recevoir_avant(&r, file, 0, NULL, 0))
			echec(
			    "Attendu : une requête d'étiquette TYPE_NORMAL (2) ou TYPE_URGENT (1)."
			    "\nObservé : un message d'étiquette %ld.",
			    r.msg.mtype);
		echec(
		    "Attendu : le client dépose sa requête dans la file.\nObservé : aucune requête "
		    "reçue après %.1f s ; %s.",
		    horloge() - debut, decrire(c));
	}
	if ((size_t)r.n != TAILLE_REQUETE)
		echec("Attendu : une requête de %zu octets hors mtype (sizeof(struct requete) - "
		      "sizeof(long)).\nObservé : %zd octets.\n  Indice : msgsz ne compte pas le "
		      "champ "
		      "mtype.",
		      TAILLE_REQUETE, r.n);
	memcpy(req, &r.msg, sizeof *req);
}

struct attente_file {
	key_t cle;
	unsigned long nombre;
	struct objet_ipc o;
	struct proc *emetteur; /* s'il finit ou calcule sans fin, inutile d'attendre davantage */
	double cpu0;
};

static bool file_contient(void *arg)
{
	struct attente_file *a = arg;

	if (trouver_objet(FILE_MSG, a->cle, &a->o) && a->o.nombre >= a->nombre)
		return true;
	return termine(a->emetteur) || calcule_depuis(a->emetteur, a->cpu0);
}

/* Attend qu'au moins n messages soient dans la file, le dernier déposé par emetteur ; *o reçoit
 * l'état de la file. */
static void exiger_messages(unsigned long n, struct proc *emetteur, struct objet_ipc *o,
                            const char *attendu)
{
	struct attente_file a = {cle(CLE_ID), n, {0}, emetteur, cpu_secondes(emetteur)};

	attendre(file_contient, &a, delai(DELAI_COURT));
	if (!trouver_objet(FILE_MSG, a.cle, &a.o) || a.o.nombre < n)
		echec("%s\nObservé : %lu message(s) dans la file ; %s.", attendu, a.o.nombre,
		      decrire(emetteur));
	if (o)
		*o = a.o;
}

/* Le nombre en tête de chaque ligne servie (après la ligne « prêt ») ; renvoie leur nombre. */
static int ordre_de_service(struct proc *s, int *pids, int max)
{
	const char *p = sortie(s);
	int n = 0;

	while (*p && n < max) {
		char *fin;
		long pid = strtol(p, &fin, 10);

		if (fin != p)
			pids[n++] = (int)pid;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	return n;
}

struct attente_lignes {
	struct proc *s;
	int n;
};

static bool assez_de_lignes(void *arg)
{
	struct attente_lignes *a = arg;
	int pids[64];

	return ordre_de_service(a->s, pids, 64) >= a->n || termine(a->s);
}

/* Le serveur écrit sa ligne après avoir répondu : on l'attend au lieu de la lire trop tôt. */
static int lignes_servies(struct proc *s, int n, int *pids, int max)
{
	struct attente_lignes a = {s, n};

	attendre(assez_de_lignes, &a, delai(DELAI_COURT));
	return ordre_de_service(s, pids, max);
}

/* ---- Items ---- */

static void creation(void)
{
	struct proc *s = lancer(ETUDIANT, "serveur", chemin_cle());
	struct objet_ipc o, t[8];
	char attendu[64];
	size_t n;

	exiger_texte(s, "serveur prêt",
	             "Attendu : le serveur crée la file puis affiche « serveur prêt : file ID ».");
	if (!trouver_objet(FILE_MSG, cle(CLE_ID), &o)) {
		n = lister_objets(t, 8);
		if (n > 0 && t[0].genre == FILE_MSG)
			echec("Attendu : une file de clé ftok(CHEMIN, 'M') = 0x%08x.\nObservé : la "
			      "file %d a la clé 0x%08x.",
			      (unsigned)cle(CLE_ID), t[0].id, (unsigned)t[0].cle);
		echec("Attendu : une file de clé ftok(CHEMIN, 'M') = 0x%08x.\nObservé : aucune "
		      "file de messages n'existe.",
		      (unsigned)cle(CLE_ID));
	}
	exiger(o.mode == 0600,
	       "Attendu : une file aux droits 0600 (lecture et écriture pour le seul "
	       "propriétaire).\nObservé : droits %03o.",
	       o.mode);
	snprintf(attendu, sizeof attendu, "serveur prêt : file %d\n", o.id);
	exiger(strstr(sortie(s), attendu) != NULL,
	       "Attendu : « %.*s » (l'identifiant rendu par msgget).\nObservé : « %.80s ».",
	       (int)strlen(attendu) - 1, attendu, sortie(s));
}

static void exclusif(void)
{
	struct proc *s1 = serveur_pret(ETUDIANT), *s2;
	struct objet_ipc avant, apres;

	trouver_objet(FILE_MSG, cle(CLE_ID), &avant);
	s2 = lancer(ETUDIANT, "serveur", chemin_cle());
	exiger_code(s2, 1,
	            "Attendu : un second serveur sur la même clé refuse de démarrer (IPC_EXCL) "
	            "avec un message et le code 1.");
	exiger(strstr(erreurs(s2), "ipcrm") != NULL,
	       "Attendu : un message qui dit qu'un serveur tourne peut-être déjà, et comment "
	       "supprimer une file périmée (ipcrm).\nObservé : « %.200s ».",
	       erreurs(s2));
	exiger(trouver_objet(FILE_MSG, cle(CLE_ID), &apres) && apres.id == avant.id,
	       "Attendu : la file du premier serveur intacte (id %d).\nObservé : elle a "
	       "disparu ou changé.",
	       avant.id);
	/* Le premier attend toujours sur sa file : ce qu'il répond est noté par l'item serveur. */
	exiger_bloque(s1, SYS_msgrcv,
	              "Attendu : après le refus du second, le premier serveur attend toujours une "
	              "requête dans msgrcv.");
}

static void sans_serveur(void)
{
	struct proc *c = client(ETUDIANT, "6", "x", "7", false);

	exiger_code(c, 1, "Attendu : sans serveur, le client échoue aussitôt avec le code 1.");
	exiger(*erreurs(c) != '\0', "Attendu : un message qui dit qu'aucun serveur ne tourne.\n"
	                            "Observé : rien sur la sortie d'erreur.");
	exiger_aucun_objet("après un client lancé sans serveur (il ne doit jamais créer la file)");
}

static void serveur(void)
{
	static const char *const calculs[][4] = {
	    {"6", "x", "7", "42"},
	    {"-5", "+", "3", "-2"},
	    {"100", "-", "1", "99"},
	    {"7", "/", "2", "3"},
	    {"7", "%", "3", "1"},
	    {"3", "*", "4", "12"},
	    {"-9223372036854775807", "-", "1", "-9223372036854775808"}};
	struct proc *s = serveur_pret(ETUDIANT);
	int pids[16], n;

	for (size_t i = 0; i < NB_ELEMENTS(calculs); i++) {
		struct proc *c =
		    client(REFERENCE, calculs[i][0], calculs[i][1], calculs[i][2], false);
		char contexte[128];

		snprintf(contexte, sizeof contexte,
		         "serveur de l'étudiant, client de référence : %s %s %s", calculs[i][0],
		         calculs[i][1], calculs[i][2]);
		exiger_resultat(c, calculs[i][3], contexte);
		n = lignes_servies(s, (int)i + 1, pids, 16);
		exiger(n == (int)i + 1 && pids[i] == pid_vu(c),
		       "Attendu : une ligne par requête servie, qui commence par le pid du client "
		       "(%d).\nObservé : sortie du serveur :\n%.400s",
		       (int)pid_vu(c), sortie(s));
	}
}

static void client_seul(void)
{
	int file = file_du_correcteur();
	struct requete req;
	struct reponse leurre = {0}, rep = {0};
	struct proc *c = client(ETUDIANT, "6", "x", "7", false), *s;
	struct objet_ipc o;
	unsigned long args[6];

	/* Le client d'abord posé dans msgrcv, sa requête encore dans la file, puis le correcteur la
	 * lit : un client qui prend le premier message venu (type 0) tombe toujours sur sa propre
	 * requête (E2BIG), quel que soit l'ordonnancement. */
	exiger_attente_reponse(
	    c, "Attendu : le client, sa requête envoyée, attend sa réponse dans msgrcv.");
	recevoir_requete(file, c, &req);
	if (arguments_bloque(c, SYS_msgrcv, args))
		exiger(
		    (long)args[3] == pid_vu(c),
		    "Attendu : le client attend la réponse d'étiquette son pid (%d) : "
		    "msgrcv(..., type = getpid(), ...).\nObservé : msgrcv avec le type %ld%s.\n  "
		    "Indice : chaque client ne lit que l'étiquette de son pid ; le type 0 "
		    "prendrait "
		    "la réponse d'un autre client.",
		    (int)pid_vu(c), (long)args[3],
		    (long)args[3] == 0 ? " (le premier message venu)" : "");
	exiger(req.mtype == TYPE_NORMAL && req.pid == pid_vu(c) && req.op == 'x' && req.a == 6 &&
	           req.b == 7,
	       "Attendu : la requête {mtype %ld, pid %d, op 'x', a 6, b 7}.\nObservé : {mtype %ld, "
	       "pid %d, op '%c', a %ld, b %ld}.",
	       TYPE_NORMAL, (int)pid_vu(c), req.mtype, (int)req.pid, req.op ? req.op : '?', req.a,
	       req.b);
	/* Un leurre pour un autre client, déposé avant la vraie réponse. */
	leurre.mtype = req.pid + 1000;
	leurre.resultat = 666;
	envoyer(file, &leurre, TAILLE_REPONSE);
	rep.mtype = req.pid;
	rep.resultat = 42;
	envoyer(file, &rep, TAILLE_REPONSE);
	etape("le correcteur dépose une réponse de type %d (autre client) puis une de type %d",
	      (int)leurre.mtype, (int)rep.mtype);
	exiger_resultat(c, "42",
	                "face au correcteur qui joue le serveur, le client lit la réponse dont "
	                "l'étiquette est son pid, pas celle d'un autre");
	exiger(trouver_objet(FILE_MSG, cle(CLE_ID), &o) && o.nombre == 1,
	       "Attendu : la réponse destinée à l'autre client reste dans la file.\nObservé : %lu "
	       "message(s) restant(s).",
	       o.nombre);
	c = client(ETUDIANT, "1", "+", "2", true);
	recevoir_requete(file, c, &req);
	exiger(req.mtype == TYPE_URGENT,
	       "Attendu : avec -u, une requête d'étiquette TYPE_URGENT (%ld).\nObservé : "
	       "étiquette %ld.",
	       TYPE_URGENT, req.mtype);
	rep.mtype = req.pid;
	rep.resultat = 3;
	envoyer(file, &rep, TAILLE_REPONSE);
	exiger_resultat(c, "3", "client urgent face au correcteur");
	c = lancer(ETUDIANT, "client", chemin_cle(), "stop");
	recevoir_requete(file, c, &req);
	exiger(req.op == OP_ARRET && req.pid == pid_vu(c),
	       "Attendu : « client CHEMIN stop » envoie la requête d'arrêt (op OP_ARRET, pid "
	       "%d).\nObservé : op %d, pid %d.",
	       (int)pid_vu(c), req.op, (int)req.pid);
	if (!attendre_fin_sobre(c, delai(DELAI_COURT)))
		echec(
		    "Attendu : « client CHEMIN stop » se termine sans attendre de réponse (le "
		    "correcteur, qui joue le serveur, n'en envoie pas).\nObservé : %s.\n  Indice : "
		    "pour OP_ARRET, revenir aussitôt après msgsnd : le serveur ne répond pas à une "
		    "requête d'arrêt.",
		    decrire(c));
	exiger_code(c, 0, "Attendu : « client CHEMIN stop » sort avec 0.");
	msgctl(file, IPC_RMID, NULL);

	etape("puis face au serveur de référence");
	s = serveur_pret(REFERENCE);
	exiger_resultat(client_pose(s, ETUDIANT, "6", "x", "7", false), "42",
	                "client de l'étudiant, serveur de référence");
	exiger_resultat(client_pose(s, ETUDIANT, "1", "+", "2", true), "3",
	                "client urgent de l'étudiant, serveur de référence");
}

static void tailles(void)
{
	int file = file_du_correcteur();
	struct proc *c = client(ETUDIANT, "6", "x", "7", false), *s;
	struct requete req = {0};
	struct reponse rep;
	struct objet_ipc o;
	unsigned long args[6];
	ssize_t n;

	exiger_messages(1, c, &o, "Attendu : la requête du client dans la file.");
	exiger(o.octets == TAILLE_REQUETE,
	       "Attendu : la requête occupe %zu octets dans la file (cbytes de "
	       "/proc/sysvipc/msg) : msgsz = sizeof(struct requete) - sizeof(long).\nObservé : %lu "
	       "octets.",
	       TAILLE_REQUETE, o.octets);
	exiger_attente_reponse(
	    c, "Attendu : le client, sa requête envoyée, attend sa réponse dans msgrcv.");
	if (arguments_bloque(c, SYS_msgrcv, args))
		exiger(args[2] == TAILLE_REPONSE,
		       "Attendu : le client attend sa réponse avec msgrcv(..., msgsz = %zu, ...) : "
		       "sizeof(struct reponse) - sizeof(long).\nObservé : msgsz = %lu (lu dans "
		       "/proc/PID/syscall pendant qu'il attend).",
		       TAILLE_REPONSE, args[2]);
	envoyer_signal(c, SIGKILL);
	attendre_fin(c, delai(DELAI_COURT));
	msgctl(file, IPC_RMID, NULL);

	s = serveur_pret(ETUDIANT);
	file = msgget(cle(CLE_ID), 0);
	req.mtype = TYPE_NORMAL;
	req.pid = 4242;
	req.op = '+';
	req.a = 40;
	req.b = 2;
	envoyer(file, &req, TAILLE_REQUETE);
	etape("le correcteur envoie une requête 40 + 2 de pid 4242, de %zu octets", TAILLE_REQUETE);
	exiger_messages(1, s, &o,
	                "Attendu : le serveur dépose la réponse au pid 4242 dans la file.");
	exiger(o.octets == TAILLE_REPONSE,
	       "Attendu : la réponse occupe %zu octets dans la file (cbytes) : msgsz = "
	       "sizeof(struct reponse) - sizeof(long).\nObservé : %lu octets.",
	       TAILLE_REPONSE, o.octets);
	memset(&rep, 0, sizeof rep);
	n = msgrcv(file, &rep, TAILLE_REPONSE, 4242, IPC_NOWAIT);
	if (n < 0) {
		struct {
			long mtype;
			char texte[512];
		} m;
		ssize_t lu = msgrcv(file, &m, sizeof m.texte, 0, IPC_NOWAIT | MSG_NOERROR);

		echec("Attendu : une réponse d'étiquette 4242 (le pid de la requête) dans la "
		      "file.\nObservé : aucune ; %s.\n  Indice : la réponse porte comme étiquette "
		      "le pid "
		      "du client (req.pid).",
		      lu < 0 ? "la file est vide"
		             : (snprintf(m.texte, sizeof m.texte,
		                         "le message déposé porte l'étiquette %ld (%zd octets)",
		                         m.mtype, lu),
		                m.texte));
	}
	exiger(rep.statut == STATUT_OK && rep.resultat == 42,
	       "Attendu : la réponse à 40 + 2 : statut 0, résultat 42.\nObservé : statut %d, "
	       "résultat %ld.",
	       rep.statut, rep.resultat);
}

static void concurrence(void)
{
	/* Sous VALGRIND=1, 50 memcheck à la fois saturent deux cœurs : 8 suffisent à croiser. */
	enum { MAX = 50 };
	int n = mode_valgrind() ? 8 : MAX;
	struct proc *s = serveur_pret(ETUDIANT), *c[MAX];
	char a[MAX][24], b[MAX][24], r[MAX][24];

	/* Serveur arrêté : les n requêtes sont toutes en file et les n clients attendent
	 * ensemble leur réponse, quel que soit l'ordonnancement. */
	suspendre(s);
	etape("serveur arrêté (SIGSTOP) ; %d clients de l'étudiant, chacun avec son calcul", n);
	for (int i = 0; i < n; i++) {
		snprintf(a[i], sizeof a[i], "%d", (i + 1) * 1000);
		snprintf(b[i], sizeof b[i], "%d", i + 1);
		snprintf(r[i], sizeof r[i], "%d", (i + 1) * 1001);
		c[i] = client(ETUDIANT, a[i], "+", b[i], i % 3 == 0);
	}
	/* D'abord que tout se pose (chacun attend ou a fini) : le rapport ne dépend pas alors de
	 * l'instant où le premier écart est vu. */
	for (int i = 0; i < n; i++)
		attendre_bloque(c[i], SYS_msgrcv, delai(DELAI_COURT));
	for (int i = 0; i < n; i++)
		exiger_attente_reponse(c[i],
		                       "Attendu : chaque client, sa requête déposée, attend sa "
		                       "réponse dans msgrcv.");
	exiger_messages((unsigned long)n, c[n - 1], NULL,
	                "Attendu : toutes les requêtes en file pendant que le serveur est arrêté.");
	etape("les %d requêtes sont en file, les clients attendent ; le serveur reprend", n);
	reprendre(s);
	for (int i = 0; i < n; i++) {
		char contexte[96];

		snprintf(contexte, sizeof contexte, "client %d sur %d (%s + %s)", i + 1, n, a[i],
		         b[i]);
		exiger_resultat(c[i], r[i], contexte);
	}
}

static void priorite(void)
{
	struct proc *s = serveur_pret(ETUDIANT), *c[5];
	int pids[16], n, dernier_urgent = -1, premier_normal = 16;

	suspendre(s);
	for (int i = 0; i < 3; i++) {
		c[i] = client(REFERENCE, "1", "+", "1", false);
		exiger_messages((unsigned long)i + 1, c[i], NULL,
		                "Attendu : la requête normale en file.");
	}
	for (int i = 3; i < 5; i++) {
		c[i] = client(REFERENCE, "2", "+", "2", true);
		exiger_messages((unsigned long)i + 1, c[i], NULL,
		                "Attendu : la requête urgente en file.");
	}
	etape("file : 3 requêtes normales puis 2 urgentes ; le serveur reprend");
	reprendre(s);
	for (int i = 0; i < 5; i++)
		exiger_resultat(c[i], i < 3 ? "2" : "4", "clients de référence, serveur repris");
	n = lignes_servies(s, 5, pids, 16);
	for (int k = 0; k < n; k++)
		for (int i = 0; i < 5; i++)
			if (pids[k] == pid_vu(c[i])) {
				if (i >= 3 && k > dernier_urgent)
					dernier_urgent = k;
				if (i < 3 && k < premier_normal)
					premier_normal = k;
			}
	exiger(n == 5 && dernier_urgent < premier_normal,
	       "Attendu : les 2 requêtes urgentes (pids %d, %d) servies avant les 3 normales (pids "
	       "%d, %d, %d), arrivées avant elles.\nObservé : ordre de service :\n%.400s",
	       (int)pid_vu(c[3]), (int)pid_vu(c[4]), (int)pid_vu(c[0]), (int)pid_vu(c[1]),
	       (int)pid_vu(c[2]), sortie(s));
}

/* Un calcul qui doit rendre une erreur : le client de référence sort avec 3 et dit laquelle
 * (quoi : un extrait de son message, qui dépend du statut de la réponse). */
static void exiger_erreur(const char *a, const char *op, const char *b, const char *quoi)
{
	struct proc *c = client(REFERENCE, a, op, b, false);
	char attendu[256];

	snprintf(attendu, sizeof attendu,
	         "Attendu : %s %s %s → une réponse d'erreur (%s) : le client de référence sort "
	         "avec 3.",
	         a, op, b, quoi);
	expliquer_reponse(c, attendu);
	exiger_code(c, 3, attendu);
	exiger(strstr(erreurs(c), quoi) != NULL,
	       "%s\nObservé : le client de référence dit « %.120s » : le statut de la réponse "
	       "n'est pas le bon (enum statut de calcul.h).",
	       attendu, erreurs(c));
}

/* Une file pleine de réponses à des clients morts : la réponse suivante ne tient pas (msg_qbytes
 * abaissé sous ce qu'elle demande) ; le serveur doit l'abandonner et revenir à msgrcv. */
static void file_pleine(struct proc *s)
{
	int file = msgget(cle(CLE_ID), 0);
	struct reponse morte = {4245, STATUT_OK, 3};
	struct requete req = {TYPE_NORMAL, 4244, '+', 1, 2};
	struct msqid_ds ds;
	msglen_t qbytes;
	size_t avant;

	if (file == -1 || msgctl(file, IPC_STAT, &ds) == -1)
		echec("Attendu : la file du serveur existe encore.\nObservé : %s.", decrire(s));
	qbytes = ds.msg_qbytes;
	suspendre(s);
	envoyer(file, &morte, TAILLE_REPONSE);
	morte.mtype = 4246;
	envoyer(file, &morte, TAILLE_REPONSE);
	envoyer(file, &req, TAILLE_REQUETE);
	ds.msg_qbytes = 2 * TAILLE_REPONSE + 8;
	if (msgctl(file, IPC_SET, &ds) == -1)
		echec("banc : msgctl(IPC_SET) sur la file du serveur : %s", strerror(errno));
	etape("serveur arrêté (SIGSTOP) ; le correcteur dépose deux réponses à des clients morts "
	      "(pids 4245, 4246) et la requête 1 + 2 d'un client mort (pid 4244), puis réduit la "
	      "capacité de la file (msg_qbytes) à %zu octets : la réponse au pid 4244 ne tiendra "
	      "pas ; serveur repris",
	      2 * TAILLE_REPONSE + 8);
	avant = strlen(erreurs(s));
	reprendre(s);
	if (!attendre_bloque(s, SYS_msgrcv, delai(DELAI_COURT)))
		echec(
		    "Attendu : la file pleine, le serveur abandonne la réponse au pid 4244 (msgsnd "
		    "avec IPC_NOWAIT échoue : EAGAIN) et attend la requête suivante dans "
		    "msgrcv.\nObservé : %s.\n  Indice : msgsnd(..., IPC_NOWAIT) : une file pleine "
		    "de "
		    "réponses à des clients morts ne doit jamais bloquer le serveur ; warn() et "
		    "requête suivante.",
		    decrire(s));
	exiger(strlen(erreurs(s)) > avant,
	       "Attendu : la réponse abandonnée est signalée sur la sortie d'erreur (warn : "
	       "« msgsnd : Resource temporarily unavailable »).\nObservé : rien de nouveau sur la "
	       "sortie d'erreur du serveur.");
	ds.msg_qbytes = qbytes;
	if (msgctl(file, IPC_SET, &ds) == -1)
		echec("banc : msgctl(IPC_SET) sur la file du serveur : %s", strerror(errno));
	for (long pid = 4244; pid <= 4246; pid++)
		msgrcv(file, &morte, TAILLE_REPONSE, pid, IPC_NOWAIT);
	etape("le correcteur rend sa capacité à la file et retire les réponses aux clients morts");
}

static void erreurs_calcul(void)
{
	struct proc *s = serveur_pret(ETUDIANT), *c;

	exiger_erreur("1", "/", "0", "division par zéro");
	exiger_erreur("1", "%", "0", "division par zéro");
	exiger_erreur("9223372036854775807", "+", "1", "dépassement");
	exiger_erreur("-9223372036854775808", "-", "1", "dépassement");
	exiger_erreur("-9223372036854775808", "/", "-1", "dépassement");
	exiger_erreur("3037000500", "x", "3037000500", "dépassement");
	exiger_erreur("2", "^", "3", "opérateur inconnu");
	exiger_erreur("1", "q", "2", "opérateur inconnu");
	exiger_resultat(client(REFERENCE, "-9223372036854775808", "%", "-1", false), "0",
	                "LONG_MIN % -1 vaut 0, mais le processeur lève SIGFPE si on le calcule "
	                "directement : même garde que pour LONG_MIN / -1");
	file_pleine(s);
	exiger_resultat(client(REFERENCE, "6", "x", "7", false), "42",
	                "après les erreurs et une file pleine, le serveur sert toujours");
	exiger(!termine(s), "Attendu : le serveur continue après une erreur.\nObservé : %s.",
	       decrire(s));

	envoyer_signal(s, SIGKILL);
	attendre_fin(s, delai(DELAI_COURT));
	supprimer_objets();
	s = serveur_pret(REFERENCE);
	c = client_pose(s, ETUDIANT, "1", "q", "2", false);
	expliquer_reponse(c,
	                  "Attendu : client de l'étudiant, serveur de référence : 1 q 2 → code 3.");
	exiger_code(c, 3,
	            "Attendu : client de l'étudiant, serveur de référence : 1 q 2 → le serveur "
	            "répond « opérateur inconnu » et le client sort avec 3 (c'est le serveur qui "
	            "juge l'opérateur, pas le client).");
	c = client_pose(s, ETUDIANT, "1", "/", "0", false);
	expliquer_reponse(c,
	                  "Attendu : client de l'étudiant, serveur de référence : 1 / 0 → code 3.");
	exiger_code(c, 3, "Attendu : client de l'étudiant, serveur de référence : 1 / 0 → code 3.");
	exiger(*erreurs(c) != '\0' && *sortie(c) == '\0',
	       "Attendu : le message d'erreur sur la sortie d'erreur, rien sur la sortie "
	       "standard.\nObservé : sortie « %.60s », erreurs « %.60s ».",
	       sortie(c), erreurs(c));
}

static void malforme(void)
{
	struct proc *s = serveur_pret(ETUDIANT);
	int file = msgget(cle(CLE_ID), 0);
	struct {
		struct requete r;
		char de_trop[100];
	} gros = {{TYPE_NORMAL, 4243, '+', 1, 2}, {0}};
	struct requete req = {0};
	struct objet_ipc o;
	int pids[16];
	const char *e;
	int lignes = 0;

	/* Tailles fausses, mais un pid valable : seule la taille les trahit. */
	envoyer(file, &gros, sizeof gros.r.pid);
	envoyer(file, &gros, sizeof gros - sizeof(long));
	req.mtype = TYPE_NORMAL;
	req.op = '+';
	req.pid = 0;
	envoyer(file, &req, TAILLE_REQUETE);
	req.pid = -5;
	envoyer(file, &req, TAILLE_REQUETE);
	etape("le correcteur dépose 4 messages mal formés : %zu octets (pid 4243 seul), %zu octets "
	      "(requête 1 + 2 de pid 4243 suivie de 100 octets), pid 0, pid -5",
	      sizeof gros.r.pid, sizeof gros - sizeof(long));
	exiger_resultat(client(REFERENCE, "6", "x", "7", false), "42",
	                "après des messages mal formés, le serveur sert une requête valide");
	exiger(!termine(s), "Attendu : le serveur survit aux messages mal formés.\nObservé : %s.",
	       decrire(s));
	exiger(lignes_servies(s, 1, pids, 16) == 1,
	       "Attendu : les messages mal formés ne sont pas servis (seule la requête valide "
	       "l'est).\nObservé : sortie du serveur :\n%.400s",
	       sortie(s));
	for (e = erreurs(s); (e = strchr(e, '\n')) != NULL; e++)
		lignes++;
	exiger(lignes >= 4,
	       "Attendu : chacun des 4 messages mal formés signalé sur la sortie d'erreur.\n"
	       "Observé : %d ligne(s) : « %.300s ».",
	       lignes, erreurs(s));
	exiger(trouver_objet(FILE_MSG, cle(CLE_ID), &o) && o.nombre == 0,
	       "Attendu : les messages mal formés retirés de la file.\nObservé : %lu message(s) y "
	       "restent.",
	       o.nombre);
}

/* Arrête un serveur de l'étudiant par signal ou par « stop » et exige un arrêt propre. */
static void arret_par(int sig)
{
	struct proc *s = serveur_pret(ETUDIANT);
	char attendu[160];

	if (sig)
		envoyer_signal(s, sig);
	else
		exiger_code(lancer(REFERENCE, "client", chemin_cle(), "stop"), 0,
		            "Attendu : le client de référence envoie « stop ».");
	snprintf(
	    attendu, sizeof attendu,
	    "Attendu : sur %s, le serveur supprime la file, affiche « serveur arrêté » et sort "
	    "avec 0.",
	    sig == SIGTERM  ? "SIGTERM"
	    : sig == SIGINT ? "SIGINT (Ctrl-C)"
	                    : "une requête stop");
	exiger_code(s, 0, attendu);
	exiger(strstr(sortie(s), "serveur arrêté") != NULL,
	       "%s\nObservé : « serveur arrêté » absent de la sortie.", attendu);
	exiger_aucun_objet("après l'arrêt du serveur");
}

/*
 * Le signal arrive après le test de arret_demande, juste avant le premier msgrcv (retenu à son
 * entrée) : le drapeau seul ne réveille personne, la requête d'arrêt que dépose le
 * gestionnaire, si. Aucune requête à servir : le verdict ne dépend pas des réponses.
 */
static void arret_avant_msgrcv(void)
{
	struct proc *s = lancer(ETUDIANT, "serveur", chemin_cle());
	struct retenue r;

	if (!trace_ou_dire(s, "SIGTERM juste avant msgrcv")) {
		exiger_texte(s, "serveur prêt", "Attendu : le serveur affiche « serveur prêt ».");
		envoyer_signal(s, SIGTERM);
		exiger_code(s, 0, "Attendu : sur SIGTERM, le serveur sort avec 0.");
		return;
	}
	r = retenir(s, &(struct motif){.appel = SYS_msgrcv});
	exiger_retenu(r, "Attendu : une fois la file créée, le serveur attend une requête dans "
	                 "msgrcv.");
	relacher_signal_avant(r, SIGTERM);
	if (!attendre_fin_sobre(s, delai(DELAI_COURT)))
		echec(
		    "Attendu : un SIGTERM arrivé après le test de arret_demande et avant msgrcv "
		    "arrête aussi le serveur.\nObservé : après %.1f s, %s : le signal n'a fait que "
		    "lever le drapeau.\n  Indice : le gestionnaire dépose lui-même une requête "
		    "d'arrêt dans la file (msgsnd, IPC_NOWAIT) : msgrcv la reçoit aussitôt.",
		    duree_secondes(s), decrire(s));
	exiger_code(s, 0,
	            "Attendu : après un SIGTERM arrivé juste avant msgrcv, le serveur sort "
	            "avec 0.");
	exiger(
	    strstr(sortie(s), "serveur arrêté") != NULL,
	    "Attendu : « serveur arrêté » après un SIGTERM arrivé juste avant msgrcv.\nObservé : "
	    "absent de la sortie.");
	exiger_aucun_objet("après l'arrêt du serveur (SIGTERM juste avant msgrcv)");
}

static void arret(void)
{
	arret_par(SIGTERM);
	arret_par(SIGINT);
	arret_par(0);
	tracer_lancements(TRACER_SI_ETUDIANT);
	arret_avant_msgrcv();
}

static void eidrm(void)
{
	int file = file_du_correcteur();
	struct proc *c = client(ETUDIANT, "6", "x", "7", false), *s;
	struct requete req;

	/* Posé dans msgrcv avant que le correcteur lise la requête : voir l'item client. */
	exiger_attente_reponse(c, "Attendu : le client attend sa réponse dans msgrcv.");
	recevoir_requete(file, c, &req);
	msgctl(file, IPC_RMID, NULL);
	etape("le correcteur supprime la file pendant que le client attend");
	exiger(attendre_fin_sobre(c, delai(DELAI_COURT)),
	       "Attendu : le client sort aussitôt la file supprimée (EIDRM).\nObservé : %s. Une "
	       "boucle qui relance msgrcv après une erreur ne s'arrête jamais.",
	       decrire(c));
	exiger_code(c, 1,
	            "Attendu : la file supprimée pendant l'attente (EIDRM), le client le dit et "
	            "sort avec 1.");
	exiger(*erreurs(c) != '\0', "Attendu : un message sur la sortie d'erreur du client.\n"
	                            "Observé : rien.");

	s = serveur_pret(ETUDIANT);
	msgctl(msgget(cle(CLE_ID), 0), IPC_RMID, NULL);
	etape("le correcteur supprime la file pendant que le serveur attend");
	exiger(attendre_fin_sobre(s, delai(DELAI_COURT)),
	       "Attendu : le serveur sort aussitôt la file supprimée (EIDRM).\nObservé : %s. Une "
	       "boucle qui relance msgrcv après une erreur ne s'arrête jamais.",
	       decrire(s));
	exiger_code(s, 1,
	            "Attendu : la file supprimée de l'extérieur (EIDRM), le serveur le dit et sort "
	            "avec 1.");
	exiger(*erreurs(s) != '\0', "Attendu : un message sur la sortie d'erreur du serveur.\n"
	                            "Observé : rien.");
}

static void arguments(void)
{
	static const char *const mauvais[][6] = {
	    {NULL},
	    {"CLE", "1", "+", NULL},
	    {"CLE", "x", "+", "2", NULL},
	    {"CLE", "1", "++", "2", NULL},
	    {"CLE", "1", "+", "2", "-z", NULL},
	    {"CLE", "99999999999999999999", "+", "1", NULL},
	    {"CLE", "1", "+", "2", "-u", "encore"},
	    {"CLE", "1", "+", "2x", NULL},
	    {"CLE", "stop", "encore", NULL},
	    {"CLE", "arret", NULL},
	};
	struct proc *p;

	serveur_pret(REFERENCE);
	for (size_t i = 0; i < NB_ELEMENTS(mauvais); i++) {
		const char *args[7] = {NULL};

		for (int k = 0; k < 6 && mauvais[i][k]; k++)
			args[k] = strcmp(mauvais[i][k], "CLE") == 0 ? chemin_cle() : mauvais[i][k];
		p = lancer_ex(
		    &(struct lancement){.origine = ETUDIANT, .prog = "client", .args = args});
		exiger_code(p, 2,
		            "Attendu : des arguments invalides → l'usage sur la sortie d'erreur "
		            "et le code 2, sans rien envoyer.");
		exiger(strstr(erreurs(p), "usage") != NULL,
		       "Attendu : la ligne d'usage sur la sortie d'erreur.\nObservé : « %.120s ».",
		       erreurs(p));
	}
	struct objet_ipc o;

	exiger(trouver_objet(FILE_MSG, cle(CLE_ID), &o) && o.nombre == 0 && o.lspid == 0,
	       "Attendu : aucun message envoyé par un client aux arguments invalides.\nObservé : "
	       "%lu message(s) ; dernier émetteur pid %d.",
	       o.nombre, (int)o.lspid);
	supprimer_objets();
	p = lancer(ETUDIANT, "serveur", NULL);
	exiger_code(p, 2, "Attendu : « serveur » sans argument → usage et code 2.");
	exiger(strstr(erreurs(p), "usage") != NULL,
	       "Attendu : la ligne d'usage du serveur sur la sortie d'erreur.\nObservé : "
	       "« %.120s ».",
	       erreurs(p));
	p = lancer(ETUDIANT, "serveur", chemin_cle(), "de-trop");
	exiger_code(p, 2, "Attendu : « serveur CHEMIN de-trop » → usage et code 2.");
	exiger_aucun_objet("après des serveurs lancés avec des arguments invalides");
}

/* Le serveur a fini ; sinon l'item n'est pas évaluable : l'arrêt est noté par l'item arret. */
static void attendre_arret(struct proc *s, const char *comment)
{
	if (!attendre_fin_sobre(s, delai(DELAI_COURT)))
		echec("Non évaluable : le serveur de l'étudiant ne s'est pas arrêté %s (%s) : voir "
		      "l'item arret. Ici ne comptent que les objets IPC laissés par des programmes "
		      "qui ont fini.",
		      comment, decrire(s));
}

/* Seuls les objets restants comptent : les résultats et codes sont notés par les autres items. */
static void nettoyage(void)
{
	struct proc *s = serveur_pret(REFERENCE), *c;

	/* Le client de l'étudiant ne crée rien (l'item client note ce qu'il affiche). */
	c = client(ETUDIANT, "6", "x", "7", false);
	if (!attendre_fin_sobre(c, delai(DELAI_COURT)))
		envoyer_signal(c, SIGKILL);
	lancer(REFERENCE, "client", chemin_cle(), "stop");
	attendre_fin(s, delai(DELAI_COURT));
	exiger_aucun_objet("après le client de l'étudiant et l'arrêt du serveur de référence");
	/* Le serveur de l'étudiant supprime sa file en partant. */
	s = serveur_pret(ETUDIANT);
	lancer(REFERENCE, "client", chemin_cle(), "stop");
	attendre_arret(s, "sur « stop »");
	exiger_aucun_objet("après « stop »");
	s = serveur_pret(ETUDIANT);
	envoyer_signal(s, SIGTERM);
	attendre_arret(s, "sur SIGTERM");
	exiger_aucun_objet("après SIGTERM");
	exiger_aucune_fuite_precedente();
}

/* Lance un programme de l'étudiant sous memcheck, même sans VALGRIND=1. */
static struct proc *sous_valgrind(const char *prog, const char *const *args)
{
	return lancer_ex(
	    &(struct lancement){.origine = ETUDIANT, .prog = prog, .args = args, .valgrind = true});
}

/* Attend la fin et exige aucune erreur de memcheck ; le code de sortie et la sortie sont notés
 * par les autres items (un programme qui ne finit pas rend l'item non évaluable). */
static int evalues; /* cas où memcheck a conclu */

static void exiger_propre(struct proc *p, const char *quoi, bool nettoyer)
{
	if (!attendre_fin_sobre(p, delai(DELAI_COURT) * (mode_valgrind() ? 1 : 2))) {
		etape("%s ne s'est pas terminé (%s) : arrêté, memcheck non évalué pour ce cas (ce "
		      "qu'il devait faire est noté par les autres items)",
		      quoi, decrire(p));
		envoyer_signal(p, SIGKILL);
		attendre_fin(p, delai(DELAI_COURT));
		if (nettoyer) /* sa file : le cas suivant en crée une autre */
			supprimer_objets();
		return;
	}
	exiger_memcheck(p);
	evalues++;
}

static void valgrind(void)
{
	struct proc *s = sous_valgrind("serveur", (const char *const[]){chemin_cle(), NULL}), *c;

	evalues = 0;
	exiger_texte(s, "serveur prêt", "Attendu : le serveur démarre sous valgrind.");
	c = sous_valgrind("client", (const char *const[]){chemin_cle(), "6", "x", "7", NULL});
	exiger_propre(c, "le client (6 x 7)", false);
	/* Le calcul en erreur et l'arrêt : le serveur sous memcheck ; leurs clients, qui ne font
	 * qu'envoyer une autre requête, sans lui (deux memcheck de moins par correction). */
	attendre_fin(client(ETUDIANT, "1", "/", "0", false), delai(DELAI_COURT));
	attendre_fin(lancer(ETUDIANT, "client", chemin_cle(), "stop"), delai(DELAI_COURT));
	exiger_propre(s, "le serveur (arrêt par stop)", true);
	/* Les chemins d'erreur : file supprimée pendant l'attente (EIDRM), client sans serveur. */
	s = sous_valgrind("serveur", (const char *const[]){chemin_cle(), NULL});
	exiger_texte(s, "serveur prêt", "Attendu : le serveur redémarre sous valgrind.");
	exiger_bloque(s, SYS_msgrcv, "Attendu : le serveur sous valgrind attend dans msgrcv.");
	supprimer_objets();
	etape("le correcteur supprime la file pendant que le serveur attend");
	exiger_propre(s, "le serveur (file supprimée)", true);
	c = sous_valgrind("client", (const char *const[]){chemin_cle(), "6", "x", "7", NULL});
	exiger_propre(c, "le client (sans serveur)", false);
	supprimer_objets(); /* une file qu'il aurait créée : notée par l'item sans-serveur */
	/* Le gestionnaire de signaux aussi passe sous memcheck. */
	s = sous_valgrind("serveur", (const char *const[]){chemin_cle(), NULL});
	exiger_texte(s, "serveur prêt", "Attendu : le serveur redémarre sous valgrind.");
	exiger_bloque(s, SYS_msgrcv, "Attendu : le serveur sous valgrind attend dans msgrcv.");
	envoyer_signal(s, SIGTERM);
	exiger_propre(s, "le serveur (arrêt par SIGTERM)", true);
	exiger(evalues >= 3,
	       "Non évaluable : vos programmes ne se sont terminés que dans %d cas sur 5 : voir "
	       "les autres items (arret, client, eidrm, exclusif).",
	       evalues);
}

static const struct item items[] = {
    {"creation", 1, "le serveur crée la file : clé ftok(CHEMIN, 'M'), droits 0600, id affiché",
     "msgget(cle, IPC_CREAT | IPC_EXCL | 0600) ; la clé vient de ftok(CHEMIN, CLE_ID).", creation,
     NOTE},
    {"exclusif", 1, "un second serveur est refusé sans nuire au premier",
     "IPC_EXCL fait échouer msgget (EEXIST) si la file existe : ne jamais la réutiliser.", exclusif,
     NOTE},
    {"sans-serveur", 1, "sans serveur, le client échoue (code 1) sans créer de file",
     "Le client appelle msgget(cle, 0) : sans IPC_CREAT, ENOENT si la file n'existe pas.",
     sans_serveur, NOTE},
    {"serveur", 2, "serveur de l'étudiant face au client de référence",
     "La réponse porte l'étiquette mtype = pid du client ; une ligne par requête servie.", serveur,
     NOTE},
    {"client", 2,
     "client de l'étudiant face au correcteur qui joue le serveur, puis à la référence",
     "Le client lit avec msgrcv(..., type = getpid(), ...) : le type 0 prendrait la réponse "
     "d'un autre. -u donne l'étiquette TYPE_URGENT.",
     client_seul, NOTE},
    {"tailles", 2, "taille exacte des messages dans les deux sens",
     "msgsz ne compte pas le champ mtype : sizeof(struct requete) - sizeof(long).", tailles, NOTE},
    {"concurrence", 2, "50 clients simultanés (8 sous VALGRIND=1) reçoivent chacun leur réponse",
     "Le serveur boucle sans fin ; chaque client ne lit que l'étiquette de son pid.", concurrence,
     NOTE},
    {"priorite", 2, "les requêtes urgentes passent avant les normales",
     "msgrcv avec un type négatif -TYPE_NORMAL rend la plus petite étiquette <= 2 d'abord.",
     priorite, NOTE},
    {"erreurs", 1, "division par zéro, dépassement, opérateur inconnu : réponse d'erreur",
     "Vérifier b == 0, et LONG_MIN / -1 (dépassement) ou LONG_MIN % -1 (vaut 0) avant de "
     "diviser ; __builtin_*_overflow ; le client affiche l'erreur sur stderr et sort avec 3.",
     erreurs_calcul, NOTE},
    {"malforme", 1, "un message mal formé est signalé et ignoré",
     "MSG_NOERROR et un octet de plus : comparer la taille reçue ; refuser pid <= 0.", malforme,
     NOTE},
    {"arret", 1, "arrêt propre sur SIGTERM, SIGINT et « stop »",
     "Un gestionnaire pour SIGINT et SIGTERM : msgrcv, jamais relancé après un gestionnaire, "
     "échoue avec EINTR ; puis msgctl(IPC_RMID).",
     arret, NOTE},
    {"eidrm", 1, "file supprimée pendant l'attente : le client et le serveur sortent avec 1",
     "msgrcv rend -1 avec errno EIDRM quand la file est supprimée : ne pas réessayer.", eidrm,
     NOTE},
    {"arguments", 1, "arguments invalides : usage et code 2, rien envoyé ni créé",
     "Vérifier le nombre d'arguments et les nombres (strtol strict) avant toute action IPC.",
     arguments, NOTE},
    {"nettoyage", 1, "aucun objet IPC ne reste après un scénario complet",
     "Les files persistent après la fin des processus : msgctl(file, IPC_RMID, NULL).", nettoyage,
     NOTE},
    {"valgrind", 1, "aucune erreur mémoire sous valgrind",
     "Initialiser toute la structure envoyée (memset) : les octets de remplissage aussi "
     "partent dans la file.",
     valgrind, NOTE},
};

static const struct tp tp = {"01-messages", items, NB_ELEMENTS(items)};

int main(int argc, char **argv)
{
	return banc_main(argc, argv, &tp);
}
