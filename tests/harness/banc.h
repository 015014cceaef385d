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

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>
#include <time.h>
#include <sys/ipc.h>
#include <sys/sem.h>

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
	bool terminal; /* sortie standard sur un pseudo-terminal (brut, 80 × 24) : isatty(1) est
	                * vrai, les octets écrits arrivent tels quels dans sortie() */
};

/* Vrai si un pseudo-terminal s'ouvre ici (.terminal) ; faux dans un chroot sans /dev/pts. */
bool terminal_possible(void);

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
 * (interblocage) ; ou quand un programme forke sans fin. echec() dit alors pourquoi. Pour un
 * programme tracé (trace_active), ms est triplé : chacun de ses appels IPC passe par le banc.
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

/* Sortie et erreurs capturées jusqu'ici (chaîne terminée, bornée à 64 Kio). Un tampon par
 * flux : sortie(p) et erreurs(p) vont ensemble dans un même printf ; chacune reste valable
 * jusqu'au prochain appel pour le même flux du même processus. */
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
/* Vrai si p est arrêté maintenant (état T ; « t » quand il est tracé), sans attendre. */
bool est_arrete(struct proc *p);

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

/* ---- Trace des appels IPC (trace.c) ----
 *
 * Chaque appel System V IPC d'un programme tracé (ceux de l'étudiant par défaut, voir
 * tracer_lancements) et de ses descendants est enregistré avec ses arguments décodés et son
 * résultat. Un programme ne passe aucun appel IPC tant que le correcteur n'attend pas (les
 * attentes du banc font avancer la trace) : une retenue posée juste après lancer() est à temps.
 * x86-64 seulement. TP_IPC_TRACE=0 coupe le traçage (mesures) ; les items qui en ont besoin
 * sont alors « non vérifiés », comme là où ptrace ou seccomp sont refusés.
 */

#define TRACE_MAX_OCTETS 64 /* octets d'un message gardés */
#define TRACE_MAX_SOPS   16 /* opérations d'un semop gardées */
#define TRACE_MAX_SEMS   16 /* valeurs d'un SETALL / GETALL gardées */

struct appel_ipc {
	long nr;                 /* SYS_msgsnd... ; semop() de la glibc arrive en SYS_semtimedop */
	pid_t pid;               /* pid vu par les programmes (lui ou un de ses fils) */
	const struct proc *proc; /* le processus lancé dont l'appelant descend */
	unsigned long arg[6];    /* arguments bruts, dans l'ordre du prototype (msgsz : arg[2]) */
	int cmd;                 /* msgctl, shmctl, semctl : la commande, sans IPC_64 */
	bool revenu;             /* faux : encore dans l'appel, ou mort dedans */
	bool retour_ignore; /* semop au-delà du 64e de sa tâche : suivi à l'entrée seulement */
	long retour;        /* valeur rendue, -1 en cas d'erreur */
	int err;            /* errno si retour == -1, sinon 0 */
	long mtype;         /* msgsnd : type envoyé ; msgrcv réussi : type reçu */
	size_t nb_octets;   /* octets du message gardés (envoyés, ou reçus) */
	unsigned char octets[TRACE_MAX_OCTETS];
	size_t nb_sops, sops_lus; /* semop : nsops, et combien sont dans sops */
	struct sembuf sops[TRACE_MAX_SOPS];
	int semun_val;     /* semctl SETVAL : la valeur */
	size_t nb_valeurs; /* semctl SETALL (envoyées) ou GETALL (reçues) */
	unsigned short valeurs[TRACE_MAX_SEMS];
};

/* Quels lancements suivants de l'item sont tracés (pas un champ de struct lancement : les
 * correcteurs l'initialisent aussi par position). Aucun par défaut, à chaque item : un programme
 * tracé ne passe un appel IPC qu'une fois son arrêt traité par le banc, ce qui change les
 * ordonnancements qu'un scénario écrit sans traçage a éprouvés ; un item qui lit la trace (ou
 * veut la montrer dans son retour) le demande en tête. */
enum trace_choix {
	TRACER_SI_ETUDIANT, /* les programmes de l'étudiant */
	TRACER_TOUS,        /* aussi ceux de référence */
	NE_PAS_TRACER       /* défaut */
};
void tracer_lancements(enum trace_choix c);

/* Vrai si les appels IPC de p sont tracés. */
bool trace_active(const struct proc *p);

/* echec() « Non vérifié : … traçage refusé ici » si les appels de p ne sont pas tracés. */
void exiger_trace(const struct proc *p);

/* Pour un contrôle qui n'ajoute qu'une vérification à un item : vrai si p est tracé ; sinon
 * une étape « QUOI : non vérifié, traçage des appels refusé (ou désactivé) ici », et faux. */
bool trace_ou_dire(const struct proc *p, const char *quoi);

/* Les appels de p et de ses fils, dans l'ordre : remplit t[0..max) ; renvoie leur nombre total. */
size_t appels_ipc(const struct proc *p, const struct appel_ipc **t, size_t max);

/* Quels appels : un motif, pour les retenues et les recherches. */
struct motif {
	long appel; /* SYS_msgrcv, SYS_semop (vaut aussi semtimedop)... ; 0 : tout appel IPC */
	bool apres; /* au retour de l'appel (sinon : avant qu'il y entre) */
	bool sem_op_positif; /* semop dont une opération a sem_op > 0 (un V) */
	bool sem_op_negatif; /* semop dont une opération a sem_op < 0 (un P) */
	bool initialise;     /* semctl SETVAL ou SETALL */
	int rang; /* le rang-ième appel correspondant de p, depuis son lancement (0 : 1) */
};

/* Le rang-ième appel de p qui correspond au motif (revenu si m->apres) ; NULL sinon. */
const struct appel_ipc *premier_appel(const struct proc *p, const struct motif *m);
size_t compter_appels(const struct proc *p, const struct motif *m); /* rang ignoré */

/* Le premier semop de p dont une opération non nulle n'a pas SEM_UNDO ; NULL s'il n'y en a pas. */
const struct appel_ipc *semop_sans_undo(const struct proc *p);

/* Le premier appel de p qui crée (IPC_CREAT), modifie (msgsnd, msgrcv, semop, IPC_SET, SETVAL,
 * SETALL), attache (shmat) ou supprime (IPC_RMID) ; NULL si p n'a fait que regarder. */
const struct appel_ipc *premier_changement(const struct proc *p);

/* « msgrcv(file 0, 24 octets, type 0, 0) → 16 octets, type 1 « … » » (un de quatre tampons). */
const char *decrire_appel(const struct appel_ipc *a);

/*
 * Retenue : p (ou un de ses fils) s'arrête au rang-ième appel qui correspond au motif, avant
 * d'y entrer ou juste à son retour, jusqu'à relacher(). Exige le traçage (exiger_trace).
 * Ex. : retenir(p, &(struct motif){.appel = SYS_semop, .apres = true, .sem_op_positif = true}).
 */
struct retenue {
	struct proc *p;
	int n;
};
struct retenue retenir(struct proc *p, const struct motif *m);
bool attendre_retenu(struct retenue r, int ms);            /* vrai s'il est arrêté là */
void exiger_retenu(struct retenue r, const char *attendu); /* echec() s'il n'y arrive pas */
const struct appel_ipc *appel_retenu(struct retenue r);    /* l'appel où il est, ou NULL */
void relacher(struct retenue r);                           /* il repart (désarme sinon) */
/* Lui envoie sig là où il est retenu, puis le relâche : avant un semop bloquant, SIGSTOP le
 * fait revenir avec EINTR ; après un V, SIGKILL le tue juste après. */
void relacher_signal(struct retenue r, int sig);
/* Retenu avant un appel : il repart, mais l'appel échoue (-1, errno err) sans être exécuté. */
void relacher_en_echec(struct retenue r, int err);
/* Retenu avant un appel : sig lui arrive après qu'il a décidé de l'appel et avant qu'il n'y
 * entre (son gestionnaire tourne, puis l'appel commence) ; la fenêtre entre le test d'un
 * drapeau et un msgrcv. L'appel est noté une fois, à sa vraie entrée. */
void relacher_signal_avant(struct retenue r, int sig);

/* ---- Attentes ---- */

/* Horloge monotone : maintenant(&t), puis secondes_depuis(&t). */
void maintenant(struct timespec *t);
double secondes_depuis(const struct timespec *t);

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
	uid_t cuid;           /* uid du créateur */
};

/* Cherche l'objet de ce genre et de cette clé ; faux s'il n'existe pas. */
bool trouver_objet(enum genre_ipc g, key_t cle, struct objet_ipc *o);
bool attendre_objet(enum genre_ipc g, key_t cle, int ms, struct objet_ipc *o);

/* Fixe l'identifiant du prochain objet de ce genre créé dans l'espace de noms de l'item
 * (/proc/sys/kernel/{msg,shm,sem}_next_id), à une valeur choisie ; faux en mode repli (le réglage
 * vaudrait pour toute la machine) ou si le noyau le refuse. Même sans lui, identifiant et indice
 * diffèrent toujours : le banc rend le numéro de séquence non nul au début de chaque item. */
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

/* ---- Texte borné (texte.c) ---- */

/*
 * Un texte dans un tampon de taille fixe : texte_ajouter() n'écrit jamais au-delà de taille
 * octets (zéro final compris). Ce qui ne tient pas est coupé, sans couper un caractère UTF-8,
 * et remplacé par « …\n » ; tronque devient vrai et les ajouts suivants sont ignorés.
 * Toujours passer par là plutôt que par « lg += snprintf(buf + lg, taille - lg, …) ».
 */
struct texte {
	char *buf;
	size_t lg, taille; /* lg < taille : buf[lg] est le zéro final */
	bool tronque;
};

/* Un texte vide dans buf (taille octets) : struct texte t = texte_sur(tab, sizeof tab). */
struct texte texte_sur(char *buf, size_t taille);
void texte_vider(struct texte *t);
void texte_ajouter(struct texte *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void texte_ajouter_v(struct texte *t, const char *fmt, va_list ap);
/* Place encore libre (0 une fois tronqué) : pour garder de la place à ce qui suit. */
size_t texte_reste(const struct texte *t);
/* Marque le texte comme coupé ici (« … »), par exemple quand on renonce à la suite. */
void texte_couper(struct texte *t);
/* Revient à la longueur lg (relevée avant) et efface la coupure : retire une ligne entamée. */
void texte_revenir(struct texte *t, size_t lg);
/* Vrai si texte contient le nombre n écrit seul (sans chiffre ni signe collé avant ou après) :
 * « segment 7400 » contient 7400, « 17400 » non. */
bool contient_nombre(const char *texte, long n);

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

/*
 * Les appels du correcteur lui-même, vérifiés (les SAFE_ de LTP) : BANC(appel) rend ce que rend
 * l'appel ; s'il rend -1, l'item échoue par echec() avec, pour l'étudiant, « Le banc n'a pas pu
 * faire « appel » : sens de errno en français (EINVAL) », une explication, et pour le mainteneur
 * le fichier et la ligne. Jamais d'appel du correcteur non vérifié : son échec serait compté à
 * l'étudiant sans le dire.
 *   int file = BANC(msgget(cle(CLE_ID), 0));
 *   BANC(msgctl(file, IPC_RMID, NULL));
 * BANC_SINON(appel, explication) dit ce que l'échec veut sans doute dire du programme de
 * l'étudiant, au lieu de « signalez-le à l'enseignant » :
 *   BANC_SINON(msgsnd(file, &m, n, 0), "La file du serveur a disparu : votre serveur l'a-t-il "
 *                                      "supprimée avant la fin ?");
 * BANC_PTR, BANC_PTR_SINON : pour les appels qui rendent un pointeur ((void *)-1 ou NULL en
 * cas d'échec : shmat, malloc...) : char *t = BANC_PTR(shmat(id, NULL, SHM_RDONLY));
 */
#define BANC(appel)               banc_appel_((long)(appel), #appel, NULL, __FILE__, __LINE__)
#define BANC_SINON(appel, expl)   banc_appel_((long)(appel), #appel, (expl), __FILE__, __LINE__)
#define BANC_PTR(appel)           banc_pointeur_((appel), #appel, NULL, __FILE__, __LINE__)
#define BANC_PTR_SINON(appel, ex) banc_pointeur_((appel), #appel, (ex), __FILE__, __LINE__)
long banc_appel_(long r, const char *appel, const char *explication, const char *fichier,
                 int ligne);
void *banc_pointeur_(void *r, const char *appel, const char *explication, const char *fichier,
                     int ligne);

#endif
