/*
 * serveur.c : le serveur de la calculatrice (TP 1).
 *
 *   serveur CHEMIN
 *
 * Crée la file de clé ftok(CHEMIN, CLE_ID), sert les requêtes (urgentes d'abord) jusqu'à
 * SIGINT, SIGTERM ou une requête d'arrêt, puis supprime la file.
 */
#include "calcul.h"
#include "commun.h"

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#define TAILLE_REQUETE (sizeof(struct requete) - sizeof(long))
#define TAILLE_REPONSE (sizeof(struct reponse) - sizeof(long))

static volatile sig_atomic_t arret_demande;
static int file_serveur = -1; /* pour le gestionnaire de signaux */

/*
 * Note l'arrêt et dépose une requête d'arrêt urgente (msgsnd est un simple appel système) :
 * un signal reçu juste après le test de arret_demande, avant que msgrcv ne s'endorme, serait
 * sinon ignoré jusqu'à la requête suivante.
 */
static void noter_arret(int sig)
{
	struct requete arret;
	int e = errno;

	(void)sig;
	arret_demande = 1;
	memset(&arret, 0, sizeof arret); /* octets de remplissage compris */
	arret.mtype = TYPE_URGENT;
	arret.pid = getpid();
	arret.op = OP_ARRET;
	if (file_serveur != -1)
		msgsnd(file_serveur, &arret, sizeof arret - sizeof(long), IPC_NOWAIT);
	errno = e;
}

/* msgrcv n'est jamais relancé après un gestionnaire, même avec SA_RESTART (signal(7)) : il
 * échoue avec EINTR et la boucle voit arret_demande. */
static void installer_signaux(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = noter_arret;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
		err(SORTIE_ECHEC, "sigaction");
}

/* Calcule a op b dans *r ; renvoie le statut, sans jamais planter ni déborder. */
static int calculer(char op, long a, long b, long *r)
{
	switch (op) {
	case '+':
		return __builtin_add_overflow(a, b, r) ? STATUT_DEBORDEMENT : STATUT_OK;
	case '-':
		return __builtin_sub_overflow(a, b, r) ? STATUT_DEBORDEMENT : STATUT_OK;
	case 'x':
	case '*':
		return __builtin_mul_overflow(a, b, r) ? STATUT_DEBORDEMENT : STATUT_OK;
	case '/':
	case '%':
		if (b == 0)
			return STATUT_DIVISION_PAR_ZERO;
		/* LONG_MIN / -1 ne tient pas dans un long, et le processeur lève SIGFPE même
		 * pour LONG_MIN % -1, qui vaut pourtant 0. */
		if (a == LONG_MIN && b == -1) {
			*r = 0;
			return op == '/' ? STATUT_DEBORDEMENT : STATUT_OK;
		}
		*r = op == '/' ? a / b : a % b;
		return STATUT_OK;
	default:
		return STATUT_OPERATEUR_INCONNU;
	}
}

static const char *texte_statut(int statut)
{
	switch (statut) {
	case STATUT_DIVISION_PAR_ZERO:
		return "division par zéro";
	case STATUT_DEBORDEMENT:
		return "dépassement de capacité";
	case STATUT_OPERATEUR_INCONNU:
		return "opérateur inconnu";
	default:
		return "statut inconnu";
	}
}

/* Quitte avec un message qui aide quand la file existe déjà. */
static void signaler_file_existante(key_t cle)
{
	errx(SORTIE_ECHEC,
	     "une file existe déjà pour la clé 0x%08x : un serveur tourne peut-être déjà ; "
	     "sinon, supprimez la file périmée avec « ipcrm -Q 0x%08x »",
	     (unsigned)cle, (unsigned)cle);
}

/* Crée la file du serveur ; jamais une file existante. */
static int creer_file(key_t cle)
{
	/*
	 * À FAIRE (étape 1) : créer la file avec msgget(). Droits 0600 (lecture et écriture pour
	 * le seul propriétaire), et refuser une file qui existe déjà (IPC_EXCL) : dans ce cas
	 * (errno == EEXIST), appeler signaler_file_existante(cle) ; toute autre erreur : err().
	 */
	int id;

	id = msgget(cle, 0600 | IPC_CREAT | IPC_EXCL);
	if (id < 0) {
		if (errno == EEXIST)
			signaler_file_existante(cle);
		err(SORTIE_ECHEC, "msgget(IPC_CREAT | IPC_EXCL)");
	}
	return id;
}

/*
 * Reçoit la prochaine requête, les urgentes d'abord. Renvoie le nombre d'octets reçus (hors
 * mtype), ou -1 avec errno (EINTR : signal ; EIDRM ou EINVAL : file supprimée).
 */
static ssize_t recevoir(int file, struct requete *req)
{
	/* Un octet de plus que la requête : un message trop long se reconnaît à sa taille. */
	struct {
		struct requete r;
		char de_trop;
	} tampon;
	ssize_t n;

	memset(&tampon, 0, sizeof tampon); /* un message court ne remplit pas tout */

	/*
	 * À FAIRE (étape 2) : msgrcv() dans tampon, avec le type qui sert d'abord les requêtes
	 * TYPE_URGENT puis les TYPE_NORMAL (revoir les trois sens du type). La taille passée ne
	 * compte pas le champ mtype ; donner un octet de plus que la requête et MSG_NOERROR, pour
	 * qu'un message trop long soit tronqué (et reconnu) au lieu de bloquer la file (E2BIG).
	 */
	n = msgrcv(file, &tampon, TAILLE_REQUETE + 1, -TYPE_NORMAL, MSG_NOERROR);
	*req = tampon.r;
	return n;
}

/* Calcule et envoie la réponse au client qui a posé la requête. */
static void repondre(int file, const struct requete *req)
{
	struct reponse rep;

	memset(&rep, 0, sizeof rep);
	rep.statut = calculer(req->op, req->a, req->b, &rep.resultat);
	/*
	 * À FAIRE (étape 4) : envoyer rep avec msgsnd(), étiquetée pour que seul ce client la
	 * lise, sans jamais bloquer le serveur (IPC_NOWAIT : une file pleine de réponses à des
	 * clients morts arrêterait tout le service). Un échec est signalé par warn(), sans
	 * arrêter le serveur.
	 */
	rep.mtype = (long)req->pid;
	if (msgsnd(file, &rep, TAILLE_REPONSE, IPC_NOWAIT) < 0)
		warn("réponse au client %d perdue : msgsnd", (int)req->pid);
	if (rep.statut == STATUT_OK)
		printf("%d%s : %ld %c %ld = %ld\n", (int)req->pid,
		       req->mtype == TYPE_URGENT ? " (urgent)" : "", req->a, req->op, req->b,
		       rep.resultat);
	else
		printf("%d%s : %ld %c %ld : %s\n", (int)req->pid,
		       req->mtype == TYPE_URGENT ? " (urgent)" : "", req->a, req->op, req->b,
		       texte_statut(rep.statut));
}

/* Sert jusqu'à l'arrêt ; renvoie le code de sortie du serveur. */
static int servir(int file)
{
	struct requete req;
	ssize_t n;

	while (!arret_demande) {
		n = recevoir(file, &req);
		if (n == -1 && errno == EINTR)
			continue; /* un signal : on revérifie arret_demande */
		if (n == -1 && (errno == EIDRM || errno == EINVAL)) {
			warnx("la file %d a été supprimée de l'extérieur : arrêt", file);
			return SORTIE_ECHEC;
		}
		if (n == -1)
			err(SORTIE_ECHEC, "msgrcv");
		/*
		 * À FAIRE (étape 3) : ignorer (avec warnx) un message mal formé : taille reçue
		 * différente de celle d'une requête, ou pid <= 0. Sur OP_ARRET, sortir de la
		 * boucle ; sinon répondre() (son envoi est l'étape 4).
		 */
		if (n != (ssize_t)TAILLE_REQUETE) {
			warnx("requête de %zd octets ignorée (attendu %zu)", n, TAILLE_REQUETE);
			continue;
		}
		if (req.pid <= 0) {
			warnx("requête ignorée : pid %d invalide", (int)req.pid);
			continue;
		}
		if (req.op == OP_ARRET)
			break;
		repondre(file, &req);
	}
	/* À FAIRE (étape 5) : supprimer la file (msgctl, IPC_RMID) ; un échec : err(). */
	if (msgctl(file, IPC_RMID, NULL) < 0)
		err(SORTIE_ECHEC, "suppression de la file : msgctl");
	printf("serveur arrêté\n");
	return SORTIE_OK;
}

int main(int argc, char *argv[])
{
	key_t cle;
	int file;

	sortie_par_ligne();
	usage_synopsis("CHEMIN");
	if (argc != 2)
		usage("un argument attendu : le fichier clé");
	cle = cle_depuis_chemin(argv[1], CLE_ID);
	installer_signaux();
	file = file_serveur = creer_file(cle);
	printf("serveur prêt : file %d\n", file);
	return servir(file);
}
