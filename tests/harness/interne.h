/* interne.h : état partagé entre les fichiers du banc ; les correcteurs n'en ont pas besoin. */
#ifndef INTERNE_H
#define INTERNE_H

#include "banc.h"

#include <stdarg.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_PROCS   512
#define MAX_CAPTURE (64 * 1024)

/* Code de sortie des parties « À FAIRE » des squelettes (SORTIE_A_FAIRE de common/). */
#define SORTIE_A_FAIRE_BANC 99

struct proc {
	char nom[96]; /* « client (étudiant) » */
	pid_t pid;    /* pid hôte */
	pid_t nspid;  /* pid vu dans l'espace de noms */
	bool fini;
	bool tue_par_banc; /* tué au nettoyage, pas de lui-même */
	int statut;        /* tel que rendu par wait4 */
	struct rusage ru;
	struct timespec debut, fin;
	char chemin_sortie[256], chemin_erreurs[256], chemin_valgrind[256];
	bool valgrind;
	bool etudiant;     /* origine ETUDIANT (lancer_ex) */
	bool trace_voulue; /* le lancement demandait le traçage */
	bool trace;        /* ses appels IPC sont tracés (trace.c) */
	char *tampon[2];   /* ce qu'ont lu sortie() [0] et erreurs() [1] : un tampon par flux */
	size_t lu[2];      /* octets déjà dans chacun */
	int maitre;        /* sortie sur un terminal : son maître, que le banc vide ; 0 sinon */
	long recopie;      /* octets du terminal recopiés dans chemin_sortie */
};

/* Réglages de l'exécution, fixés par banc_main avant les items (hérités par fork). */
struct reglages {
	const struct tp *tp;
	const char *dossier_etudiant;
	const char *dossier_ref;
	const char *dossier_rapport; /* fichiers partagés entre items (fuites) */
	bool valgrind;
	int facteur; /* multiplie les délais sous valgrind */
};
extern struct reglages reglages;

/* Bac à sable de l'item courant. */
struct bac {
	char dossier[200];
	char cle[300];
	bool espaces_de_noms;
	pid_t gardien; /* pid 1 de l'espace de noms PID */
	pid_t reserve; /* son fils qui tient le pid 2 */
	bool restes_voulus;
	const char *item; /* nom de l'item en cours */
	struct proc *procs[MAX_PROCS];
	size_t nb_procs;
};
extern struct bac bac;

/* isolation.c */
const char *sonder_isolation(void); /* décrit le mode qui sera utilisé */
void bac_ouvrir(void);
void bac_tout_tuer(void);
void bac_fermer(bool reussi);
void effacer_arbre(const char *dossier); /* rm -rf, sans suivre les liens */

/* bac.c : sans terminal, sous TP_IPC_UID en root, le traçage posé (trace_enfant), puis exec ;
 * ne revient qu'en cas d'échec. */
void bac_executer(char *const argv[], bool reference, int canal);
/* bac.c : au début de l'item, en root avec TP_IPC_UID : uid effectif de l'étudiant, fsuid 0. */
void bac_identite_item(void);

/* vue.c : dans le fils, root : la racine réduite au système et à ces dossiers (lecture seule
 * sauf ecriture[i]), /tmp, /dev/shm et /proc neufs, cwd au premier ; rien si refusé. */
void vue_minimale(const char *const dossiers[], const bool ecriture[], size_t n);

/* proc.c */
void proc_noter_fin(pid_t pid, int statut, const struct rusage *ru);
void proc_liberer_tout(void);

/* verdict.c */
void journal_vider(void);
void verdict_reinitialiser(void);
void journal_ajouter(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void journal_ajouter_v(const char *fmt, va_list ap);

/* ipc.c : en repli, relève les objets de la machine au début de l'item et l'uid de ses
 * programmes ; objet_a_nous dit ensuite si un objet est à l'item (toujours vrai hors repli). */
void ipc_relever_avant(uid_t createur);
/* ipc.c : au début de l'item, rend non nul le numéro de séquence de chaque genre d'objet. */
void ipc_sequences_non_nulles(void);
bool objet_a_nous(const struct objet_ipc *o);
/* bac.c : l'uid sous lequel tournent les programmes notés (TP_IPC_UID en root, sinon le nôtre). */
uid_t uid_des_programmes(void);
/* isolation.c : en repli, attend et tient jusqu'à la fin du correcteur le verrou de la machine. */
void repli_verrouiller(void);

/* memcheck.c : dans le correcteur, puis dans le fils juste avant exec valgrind. */
void memcheck_preparer(void);
void memcheck_alleger(void);             /* masque les informations de débogage de la libc */
const char *memcheck_suppressions(void); /* « --suppressions=FICHIER », après preparer */

/* proc.c : champ « nom: » de /proc/PID/status (son dernier nombre si dernier) ; -1 sinon. */
pid_t champ_status(pid_t pid, const char *nom, bool dernier);
pid_t lire_nspid(pid_t pid); /* pid vu dans son espace de noms (dernier champ de NSpid) */
/* proc.c : le seul endroit qui récolte (wait4) : arrêts de traçage → trace.c, fins →
 * proc_noter_fin. bloquer : attend un événement. Faux quand il n'y a plus rien à attendre. */
bool proc_recolter(bool bloquer);
/* Dort au plus ns nanosecondes en traitant les arrêts de traçage ; revient plus tôt quand un
 * processus finit, atteint une retenue ou s'arrête (SIGSTOP). */
void proc_patienter(long ns);

/* trace.c */
struct canal_trace {
	bool voulu;         /* le lancement demande le traçage */
	int parent, enfant; /* socketpair, ou -1 */
};
void trace_ouvrir(void);                                      /* début d'item : journal vide */
struct canal_trace trace_preparer(const struct lancement *l); /* avant fork */
void trace_enfant(int canal); /* dans le fils avant exec : attend d'être suivi, pose le filtre */
void trace_attacher(struct proc *p, struct canal_trace c); /* après fork : PTRACE_SEIZE */
/* Un arrêt rendu par wait4 ; vrai s'il compte pour une attente (retenue atteinte, SIGSTOP). */
bool trace_arret(pid_t pid, int statut);
void trace_fin(pid_t pid);      /* une tâche suivie a fini */
bool trace_immobile(pid_t pid); /* retenue ou arrêtée (SIGSTOP) : elle ne bougera pas seule */
bool trace_arrete(pid_t pid);   /* arrêtée par SIGSTOP (état « t » sous ptrace) */
bool trace_decrire(const struct proc *p, char *buf, size_t taille); /* s'il est retenu */
/* Les appels des programmes de l'étudiant, bornés (2 Kio, 20 par processus), pour un retour. */
void trace_ecrire(struct texte *dest);
const char *trace_sonder(void); /* pour la ligne « Isolation : » */

/* veille.c : pendant une attente, conclure dès que plus rien ne peut arriver. */
struct veille {
	struct timespec releve, depuis; /* dernier relevé ; début de l'immobilité */
	unsigned long long empreinte;   /* temps processeur cumulé des processus (ns) */
	size_t nombre;                  /* processus de l'item au dernier relevé */
	unsigned releves;
	bool actif; /* tous coincés au dernier relevé */
};
void veille_commencer(struct veille *v);
/* Vrai si l'item est figé (interblocage) ou si un programme forke sans fin ; veille_motif()
 * dit lequel. Relève /proc au plus toutes les 20 ms (50 ms quand un processus tourne). */
bool veille_figee(struct veille *v);
/* Fin d'une attente qui n'a pas conclu par veille_figee : efface le motif. */
void veille_conclure(bool atteint, int ms);
const char *veille_motif(void); /* "" si la dernière attente n'a pas conclu ainsi */

#endif
