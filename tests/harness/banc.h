/*
 * banc.h : le banc d'essai sur lequel reposent les correcteurs (tests/NN-nom/correcteur.c).
 *
 * Un correcteur déclare ses items (points, titre, indice, fonction de vérification) et appelle
 * banc_main(). Chaque item devient un TCase de Check, exécuté dans un processus à part (mode fork)
 * et dans son propre espace de noms IPC et PID : les clés ne se croisent jamais entre items,
 * entre étudiants ou entre correcteurs lancés en parallèle, et aucun processus ne survit à l'item.
 *
 * Dans une fonction de vérification, on lance des programmes (ceux de l'étudiant ou ceux de
 * référence), on attend des états observables avec une échéance, et on appelle echec() avec ce
 * qui était attendu et ce qui a été observé. Le banc ajoute les commandes lancées, leurs sorties,
 * l'état des processus encore en vie et les objets IPC restants, puis nettoie tout.
 */
#ifndef BANC_H
#define BANC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>
#include <sys/ipc.h>

/* ---- Déclaration d'un TP ---- */

struct item {
	const char *nom;        /* identifiant court, pour TEST=nom */
	int points;             /* le total des items d'un TP fait 20 */
	const char *titre;      /* ce que l'item vérifie, en français */
	const char *indice;     /* piste liée au cours, affichée en cas d'échec */
	void (*verifier)(void); /* revient si l'item réussit ; echec() sinon */
	enum genre_item {
		NOTE,  /* compte dans les 20 points */
		BONUS, /* noté à part, hors des 20 points */
		CACHE  /* compte dans les 20 points, mais absent du kit étudiant : ITEM_CACHE */
	} genre;
};

/*
 * Un item caché : noté par « make classe » et Gradescope, absent du kit étudiant (correcteurs
 * compilés avec -DBANC_KIT), qui n'en garde que le nom et les points pour dire au rapport ce
 * qui sera noté plus tard. Entourer sa fonction de #ifndef BANC_KIT ... #endif : ni son code,
 * ni son titre, ni son indice ne sortent du dépôt.
 */
#ifdef BANC_KIT
#define ITEM_CACHE(nom, points, titre, indice, verifier)                                           \
	{                                                                                          \
		nom, points, "item caché, noté lors de la correction", "", NULL, CACHE             \
	}
#else
#define ITEM_CACHE(nom, points, titre, indice, verifier)                                           \
	{                                                                                          \
		nom, points, titre, indice, verifier, CACHE                                        \
	}
#endif

/* Vrai pour un item caché dont le kit ne contient pas le code : il n'est pas exécuté. */
#define ITEM_ABSENT(it) ((it)->genre == CACHE && (it)->verifier == NULL)

struct tp {
	const char *nom; /* "01-messages" */
	const struct item *items;
	size_t nb_items;
};

/* Point d'entrée d'un correcteur : analyse les options, exécute les items, imprime le rapport. */
int banc_main(int argc, char **argv, const struct tp *tp);

#define NB_ELEMENTS(t) (sizeof(t) / sizeof((t)[0]))

/* ---- Bac à sable de l'item en cours ---- */

/* Fichier clé privé de l'item (il existe) et son dossier temporaire. */
const char *chemin_cle(void);
const char *dossier_test(void);

/* ftok(chemin_cle(), id). */
key_t cle(int id);

/* Délai en millisecondes, multiplié sous valgrind (VALGRIND=1) : toujours passer par là. */
int delai(int ms);

/* Horloge monotone, en secondes : la différence de deux lectures est une durée. */
double horloge(void);

/* Vrai avec VALGRIND=1 : tous les programmes de l'étudiant tournent sous memcheck (lents). */
bool mode_valgrind(void);

/* Délai par défaut pour « ce qui doit arriver promptement ». */
#define DELAI_COURT 3000

/* ---- Processus ---- */

enum origine {
	ETUDIANT, /* le programme à noter */
	REFERENCE /* le programme de la solution de référence */
};

struct proc;

struct lancement {
	enum origine origine;
	const char *prog;        /* nom du programme : "serveur" */
	const char *const *args; /* arguments après argv[0], terminés par NULL */
	const char *const *env;  /* "NOM=valeur" ajoutés à l'environnement, terminés par NULL */
	const char *entree;      /* contenu de l'entrée standard, ou NULL pour /dev/null */
	bool valgrind;           /* sous memcheck même sans VALGRIND=1 */
	uid_t uid;               /* 0 : l'uid du correcteur ; sinon lancé sous cet uid (et ce gid),
	                          * sans memcheck ; voir autre_uid_possible() */
};

/* Vrai si le correcteur peut lancer un programme sous un autre uid (root avec tous les uid,
 * pas un espace de noms utilisateur qui n'en a qu'un). */
bool autre_uid_possible(void);

/* Lance un programme ; sa sortie et ses erreurs sont capturées (bornées). */
struct proc *lancer_ex(const struct lancement *l);

/* lancer(ETUDIANT, "client", chemin_cle(), "6", "x", "7") ; sans argument : lancer(o, p, NULL). */
#define lancer(o, p, ...)                                                                          \
	lancer_ex(&(struct lancement){                                                             \
	    .origine = (o), .prog = (p), .args = (const char *const[]){__VA_ARGS__, NULL}})

/* Lance une fonction du correcteur dans un processus fils (jamais du code étudiant). */
struct proc *lancer_fonction(const char *nom, void (*f)(void *), void *arg);

/*
 * Attend la fin du processus ; faux si l'échéance passe. Toutes les attentes du banc concluent
 * aussi avant l'échéance quand l'item est figé : chaque processus en vie dort dans un appel sans
 * échéance (msgrcv, msgsnd, semop, wait4) ou est arrêté, et rien ne bouge pendant 250 ms
 * (interblocage) ; ou quand un programme forke sans fin. echec() dit alors pourquoi.
 */
bool attendre_fin(struct proc *p, int ms);

/*
 * Vrai si p a consommé plus de delai(100) ms de processeur (1,5 s de plus sous memcheck, dont
 * le démarrage coûte environ 0,6 s) depuis cpu0 (un cpu_secondes(p)
 * relevé avant) : censé dormir ou sortir aussitôt, il calcule (attente active, boucle qui
 * relance un appel en échec). Attendre l'échéance ne ferait que brûler du processeur.
 */
bool calcule_depuis(const struct proc *p, double cpu0);

/* Comme attendre_fin, mais abandonne dès que calcule_depuis() le début de l'attente. */
bool attendre_fin_sobre(struct proc *p, int ms);

/*
 * Attend la fin (DELAI_COURT, ou jusqu'à ce qu'il calcule sans fin : attendre_fin_sobre) ;
 * sinon echec() en disant où le processus est bloqué.
 */
void exiger_fin(struct proc *p, const char *attendu);

/* Attend la fin puis exige ce code de sortie ; sinon echec() avec stdout/stderr. */
void exiger_code(struct proc *p, int code, const char *attendu);

bool termine(const struct proc *p);
int code_sortie(const struct proc *p);       /* -1 si tué par un signal ou pas fini */
int signal_fatal(const struct proc *p);      /* 0 si sorti normalement */
double cpu_secondes(const struct proc *p);   /* utilisateur + système : wait4, ou /proc en cours */
double duree_secondes(const struct proc *p); /* du lancement à la fin (ou à maintenant) */

/* Sortie et erreurs capturées jusqu'ici (chaîne terminée, bornée à 64 Kio). */
const char *sortie(struct proc *p);
const char *erreurs(struct proc *p);

/*
 * Attend que la sortie standard contienne texte ; faux à l'échéance, si le processus finit ou
 * s'il calcule au lieu d'écrire (calcule_depuis : une boucle sans fin est jugée sans attendre).
 */
bool attendre_texte(struct proc *p, const char *texte, int ms);
void exiger_texte(struct proc *p, const char *texte, const char *attendu);

/*
 * Attend que le processus dorme (état S) dans l'appel système nr (-1 : n'importe lequel) ;
 * SYS_semop accepte aussi SYS_semtimedop, par où la glibc fait passer semop(). Abandonne si le
 * processus finit ou calcule au lieu de dormir (calcule_depuis).
 */
bool attendre_bloque(struct proc *p, long nr, int ms);
void exiger_bloque(struct proc *p, long nr, const char *attendu);
/* Les arguments de l'appel nr où p est bloqué (/proc/PID/syscall : ce que le programme a passé
 * au noyau, ex. msgsz de msgrcv) ; faux s'il n'y est pas bloqué. */
bool arguments_bloque(struct proc *p, long nr, unsigned long args[6]);

/* Attend que le processus soit arrêté (état T), par SIGSTOP ou par raise(SIGSTOP). */
bool attendre_arrete(struct proc *p, int ms);

void envoyer_signal(struct proc *p, int sig);
void suspendre(struct proc *p); /* SIGSTOP, puis attend l'état T */
void reprendre(struct proc *p); /* SIGCONT */

/* Pid tel que le voient les programmes (espace de noms PID) et pid sur l'hôte (/proc). */
pid_t pid_vu(const struct proc *p);
pid_t pid_hote(const struct proc *p);

/* Contenu de /proc/PID/<quoi> (ex. "maps"), alloué ; NULL si illisible. */
char *lire_proc(const struct proc *p, const char *quoi);

/* Description lisible : « serveur (étudiant, pid 4) bloqué dans msgrcv(type=-2) » (tampon
 * statique, un parmi quatre : quatre appels dans un même printf restent justes). */
const char *decrire(struct proc *p);

/* Sous valgrind : vrai si memcheck a signalé une erreur ; *extrait reçoit la première. */
bool erreurs_valgrind(struct proc *p, const char **extrait);

/* echec() en citant la première erreur si memcheck en a signalé une pour p (fini). */
void exiger_memcheck(struct proc *p);

/* ---- Attentes ---- */

/* Attend que cond(arg) soit vrai, en la réévaluant jusqu'à l'échéance (ms). */
bool attendre(bool (*cond)(void *), void *arg, int ms);

/* ---- État IPC (espace de noms de l'item) ---- */

enum genre_ipc { FILE_MSG, SEGMENT, SEMAPHORES };

/* Une ligne de /proc/sysvipc/{msg,shm,sem}, champs utiles selon le genre. */
struct objet_ipc {
	enum genre_ipc genre;
	key_t cle;
	int id;
	unsigned mode;        /* permissions, ex. 0600 */
	unsigned long octets; /* file : cbytes ; segment : taille demandée */
	unsigned long nombre; /* file : qnum ; segment : nattch ; sémaphores : nsems */
	pid_t lspid, lrpid;   /* file : dernier émetteur / récepteur (pids hôte) */
	pid_t cpid, lpid;     /* segment : créateur / dernier shmat-shmdt (pids hôte) */
	bool detruit;         /* segment marqué pour destruction (dest) */
};

/* Cherche l'objet de ce genre et de cette clé ; faux s'il n'existe pas. */
bool trouver_objet(enum genre_ipc g, key_t cle, struct objet_ipc *o);
bool attendre_objet(enum genre_ipc g, key_t cle, int ms, struct objet_ipc *o);

/* Fixe l'identifiant du prochain objet de ce genre créé dans l'espace de noms de l'item
 * (/proc/sys/kernel/{msg,shm,sem}_next_id), pour qu'identifiant et indice diffèrent ; faux en
 * mode repli (le réglage vaudrait pour toute la machine) ou si le noyau le refuse. */
bool fixer_prochain_id(enum genre_ipc g, int id);

/* Tous les objets visibles (max n) ; renvoie leur nombre. */
size_t lister_objets(struct objet_ipc *t, size_t n);

/* Liste les objets restants, un par ligne avec la commande ipcrm ; "" s'il n'y en a pas. */
const char *objets_restants(void);

/* Exige qu'aucun objet IPC ne reste ; sinon echec() avec les commandes ipcrm. */
void exiger_aucun_objet(const char *moment);

/* Supprime tous les objets de l'item (après un constat, pour continuer le scénario). */
void supprimer_objets(void);

/* Les objets restants à la fin de cet item sont voulus par le contrat (pas une fuite). */
void restes_attendus(void);

/* Pour l'item « nettoyage » : échoue si un item précédent réussi a laissé des objets. */
void exiger_aucune_fuite_precedente(void);

/* ---- Verdict ---- */

/* Note une étape du scénario (les lancements le sont d'office). */
void etape(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* L'item échoue : fmt dit ce qui était attendu et ce qui a été observé. */
noreturn void echec(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* echec(fmt) si la condition est fausse. */
#define exiger(cond, ...)                                                                          \
	do {                                                                                       \
		if (!(cond))                                                                       \
			echec(__VA_ARGS__);                                                        \
	} while (0)

/* Ajoute au retour la sortie et les erreurs d'un processus (utile avant echec()). */
void montrer(struct proc *p);

#endif
